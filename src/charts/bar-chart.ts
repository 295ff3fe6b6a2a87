import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { CHART_FONT, ensureChartFont } from './fonts.js';

export interface BarSeries {
  name: string;
  values: Array<number | null>;
  colour: string;
}

export interface BarChart {
  title: string;
  /** One row per category (a township, an industry…), drawn top to bottom. */
  categories: string[];
  series: BarSeries[];
  unit: string;
  /** A vertical reference line, e.g. 序时进度 100%. */
  marker?: { value: number; label: string };
}

const WIDTH = 960;
const ROW = 44;
const TOP = 96;
const LEFT = 220;
const RIGHT = 90;
const BOTTOM = 40;

/** A horizontal grouped bar chart as PNG, with Chinese labels (WeCom shows images, not SVG). */
export function renderBarChart(chart: BarChart): Buffer {
  ensureChartFont();
  const height = TOP + Math.max(1, chart.categories.length) * ROW + BOTTOM;
  const canvas = createCanvas(WIDTH, height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, WIDTH, height);
  g.fillStyle = '#1f2328';
  g.font = `bold 24px ${CHART_FONT}`;
  g.fillText(chart.title, 24, 40);
  legend(g, chart.series);

  const values = chart.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const max = Math.max(1, chart.marker?.value ?? 0, ...values) * 1.08;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const x = (v: number) => LEFT + (Math.max(0, v) / max) * plotWidth;
  const barHeight = (ROW - 12) / Math.max(1, chart.series.length);

  chart.categories.forEach((category, i) => {
    const y = TOP + i * ROW;
    g.fillStyle = '#1f2328';
    g.font = `16px ${CHART_FONT}`;
    g.textAlign = 'right';
    g.fillText(fit(g, category, LEFT - 16), LEFT - 10, y + ROW / 2 + 5);
    g.textAlign = 'left';
    chart.series.forEach((s, j) => {
      const v = s.values[i] ?? null;
      const top = y + 6 + j * barHeight;
      if (v === null) {
        g.fillStyle = '#8c959f';
        g.font = `12px ${CHART_FONT}`;
        g.fillText('无数据', LEFT + 4, top + barHeight - 3);
        return;
      }
      g.fillStyle = s.colour;
      g.fillRect(LEFT, top, x(v) - LEFT, barHeight - 2);
      g.fillStyle = '#1f2328';
      g.font = `12px ${CHART_FONT}`;
      g.fillText(`${format(v)}${chart.unit}`, x(v) + 4, top + barHeight - 3);
    });
  });

  g.strokeStyle = '#d0d7de';
  g.beginPath();
  g.moveTo(LEFT, TOP - 4);
  g.lineTo(LEFT, height - BOTTOM + 4);
  g.stroke();
  if (chart.marker) {
    const mx = x(chart.marker.value);
    g.strokeStyle = '#cf222e';
    g.setLineDash([6, 4]);
    g.beginPath();
    g.moveTo(mx, TOP - 8);
    g.lineTo(mx, height - BOTTOM + 4);
    g.stroke();
    g.setLineDash([]);
    g.fillStyle = '#cf222e';
    g.font = `13px ${CHART_FONT}`;
    g.fillText(chart.marker.label, Math.min(mx + 4, WIDTH - 120), height - BOTTOM + 22);
  }
  return canvas.toBuffer('image/png');
}

function legend(g: SKRSContext2D, series: BarSeries[]): void {
  let lx = 24;
  g.font = `15px ${CHART_FONT}`;
  for (const s of series) {
    g.fillStyle = s.colour;
    g.fillRect(lx, 58, 16, 16);
    g.fillStyle = '#1f2328';
    g.fillText(s.name, lx + 22, 72);
    lx += 22 + g.measureText(s.name).width + 28;
  }
}

/** Long names are cut with an ellipsis to the label column's width. */
function fit(g: SKRSContext2D, text: string, width: number): string {
  if (g.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && g.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function format(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(1);
}
