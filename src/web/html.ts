import { COCKPIT_PREFIX } from '../services/links.js';

/** Escapes text for HTML content and quoted attributes. Everything people wrote goes through here. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A tagged template whose interpolations are escaped unless they are already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

function render(v: unknown): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return esc(v);
}

let chartSeq = 0;

/** A chart drawn by /cockpit/assets/cockpit.js from its ECharts option, embedded as JSON (no code in the page). */
export function chart(title: string, option: object, height = 320): Html {
  const id = `chart-${++chartSeq}`;
  // JSON inside <script> must not contain "</script>" or "<!--": every "<" is written as \u003c.
  const json = JSON.stringify(option).replace(/</g, '\\u003c');
  return html`<figure class="chart-box"><figcaption>${title}</figcaption><div class="chart" data-option="${id}" style="height:${height}px" role="img" aria-label="${title}"></div><script type="application/json" id="${id}">${new Html(json)}</script></figure>`;
}

const NAV: Array<[string, string]> = [
  [`${COCKPIT_PREFIX}/`, '总览'],
  [`${COCKPIT_PREFIX}/problems`, '问题台账'],
  [`${COCKPIT_PREFIX}/assessment`, '考核'],
];

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.55 -apple-system,"PingFang SC","Microsoft YaHei","Noto Sans SC",sans-serif;color:#1f2328;background:#f3f5f8}
header{background:#0b4f9c;color:#fff;padding:10px 14px;display:flex;flex-wrap:wrap;align-items:center;gap:6px 16px;position:sticky;top:0;z-index:5}
header h1{font-size:17px;margin:0;flex:1 1 auto}header nav a{color:#fff;text-decoration:none;margin-right:14px;opacity:.85}header nav a.on{opacity:1;font-weight:600;border-bottom:2px solid #fff}
header .who{font-size:13px;opacity:.85}
main{max-width:1200px;margin:0 auto;padding:12px}
section{background:#fff;border-radius:8px;padding:12px 14px;margin:0 0 12px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h2{font-size:16px;margin:0 0 8px}h3{font-size:15px;margin:10px 0 6px}
.grid{display:grid;grid-template-columns:1fr;gap:12px}@media(min-width:900px){.grid{grid-template-columns:1fr 1fr}}
.kpis{display:grid;grid-template-columns:repeat(2,1fr);gap:8px}@media(min-width:700px){.kpis{grid-template-columns:repeat(4,1fr)}}
.kpi{background:#f6f8fa;border-radius:6px;padding:8px}.kpi b{display:block;font-size:20px}.kpi span{font-size:12px;color:#57606a}
.chart-box{margin:0}.chart-box figcaption{font-weight:600;margin-bottom:4px}.chart{width:100%}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{border-bottom:1px solid #eaeef2;padding:6px 4px;text-align:left;vertical-align:top}th{background:#f6f8fa;font-weight:600}
.scroll{overflow-x:auto}.num{text-align:right;white-space:nowrap}
.card-red{color:#cf222e;font-weight:600}.card-yellow{color:#9a6700;font-weight:600}.card-blue{color:#0969da;font-weight:600}
.tag{display:inline-block;padding:0 6px;border-radius:10px;background:#eaeef2;font-size:12px;margin:0 4px 2px 0}
.muted{color:#57606a;font-size:13px}.msg{white-space:pre-wrap;background:#f6f8fa;border-radius:4px;padding:6px;margin:4px 0}
a{color:#0969da}.dl{display:inline-block;margin:4px 0;padding:4px 10px;border:1px solid #0969da;border-radius:4px;text-decoration:none}
form.filter{display:flex;flex-wrap:wrap;gap:8px;align-items:end}form.filter label{display:flex;flex-direction:column;font-size:13px}
form.filter select,form.filter input,button{font:inherit;padding:4px 6px}
ul.plain{padding-left:18px;margin:4px 0}
`;

/** The page frame: header with navigation, who is signed in, the sign-out form (a POST), the chart script. */
export function layout(opts: { title: string; active: string; who: string; body: Html; charts: boolean }): string {
  return `<!doctype html>${html`<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${opts.title} · 领导驾驶舱</title><link rel="stylesheet" href="${COCKPIT_PREFIX}/assets/noto-sans-sc.css"><style>${new Html(STYLE)}</style></head>
<body><header><h1>领导驾驶舱</h1><nav>${NAV.map(([href, label]) => html`<a href="${href}" class="${label === opts.active ? 'on' : ''}">${label}</a>`)}</nav><span class="who">${opts.who}</span><form method="post" action="${COCKPIT_PREFIX}/logout" style="margin:0"><button type="submit">退出</button></form></header>
<main>${opts.body}</main>${opts.charts ? html`<script src="${COCKPIT_PREFIX}/assets/echarts.min.js"></script><script src="${COCKPIT_PREFIX}/assets/cockpit.js"></script>` : ''}</body></html>`}`;
}

/** A page without the navigation (sign-in, refusals). */
export function plainPage(title: string, body: Html): string {
  return `<!doctype html>${html`<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title} · 领导驾驶舱</title><link rel="stylesheet" href="${COCKPIT_PREFIX}/assets/noto-sans-sc.css"><style>${new Html(STYLE)}</style></head><body><header><h1>领导驾驶舱</h1></header><main><section><h2>${title}</h2>${body}</section></main></body></html>`}`;
}

/** The client script: draws every chart from its JSON option, redraws on resize. */
export const CLIENT_SCRIPT = `(function () {
  var charts = [];
  var font = { fontFamily: '-apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans SC", sans-serif' };
  function draw() {
    document.querySelectorAll('.chart[data-option]').forEach(function (el) {
      var source = document.getElementById(el.getAttribute('data-option'));
      if (!source || !window.echarts) return;
      var c = window.echarts.init(el, null, { renderer: 'canvas' });
      var option = JSON.parse(source.textContent);
      option.textStyle = font;
      c.setOption(option);
      charts.push(c);
    });
    document.documentElement.setAttribute('data-charts', String(charts.length));
  }
  // Canvas text needs the font loaded first (the page's own text asks for the slices it uses).
  (document.fonts ? document.fonts.ready : Promise.resolve()).then(draw, draw);
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
`;
