import { z } from 'zod';

/**
 * One zod schema for the environment. Every variable has a default except WeCom credentials:
 * without those the bot starts (health, CLI, simulator) but refuses callbacks.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const aesKey = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .refine((v) => v === undefined || /^[A-Za-z0-9+/]{43}$/.test(v), {
    message: 'EncodingAESKey 应为 43 位字母数字 / must be 43 base64 characters',
  })
  .optional();

const intInRange = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ message: `应为整数 / must be an integer` })
    .int(`应为整数 / must be an integer`)
    .min(min, `不能小于 ${min} / must be >= ${min}`)
    .max(max, `不能大于 ${max} / must be <= ${max}`)
    .default(fallback);

export const envSchema = z.object({
  PORT: intInRange(0, 65535, 3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TIMEZONE: z.literal('Asia/Shanghai', { message: '目前只支持 Asia/Shanghai / only Asia/Shanghai is supported' }).default('Asia/Shanghai'),

  MONGODB_URI: optionalString.refine(
    (v) => v === undefined || /^(mongodb(\+srv)?:\/\/|memory:\/\/)/.test(v),
    { message: '应以 mongodb://、mongodb+srv:// 或 memory:// 开头 / must start with mongodb://, mongodb+srv:// or memory://' },
  ),
  MONGO_DB_NAME: z.string().trim().regex(/^[A-Za-z0-9_-]{1,63}$/, '只能含字母数字、_ 和 - / letters, digits, _ and - only').default('xmdd'),
  MONGO_DATA_DIR: z.string().trim().min(1).default('./data/mongo'),

  WECOM_MODE: z.enum(['callback', 'longconn']).default('callback'),
  WECOM_API_BASE: z.string().trim().url('应为 URL / must be a URL').default('https://qyapi.weixin.qq.com'),
  WECOM_CORP_ID: optionalString,
  WECOM_AGENT_ID: optionalString.refine((v) => v === undefined || /^\d+$/.test(v), { message: '应为数字 / must be digits' }),
  WECOM_APP_SECRET: optionalString,
  WECOM_APP_TOKEN: optionalString,
  WECOM_APP_AES_KEY: aesKey,
  WECOM_BOT_TOKEN: optionalString,
  WECOM_BOT_AES_KEY: aesKey,
  WECOM_BOT_NAME: z.string().trim().min(1).default('项目助手'),
  WECOM_ROBOT_TOKEN: optionalString,
  WECOM_ROBOT_AES_KEY: aesKey,
  WECOM_BOT_ID: optionalString,
  WECOM_BOT_SECRET: optionalString,
  WECOM_WS_URL: optionalString,

  CALLBACK_MAX_SKEW_SECONDS: intInRange(1, 86_400, 300),
  CALLBACK_BODY_LIMIT_BYTES: intInRange(1024, 10 * 1024 * 1024, 256 * 1024),
  RULES_FILE: optionalString,
  CALENDAR_FILE: optionalString,

  PUBLIC_BASE_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(v), { message: '应为 http(s):// 开头的网址 / must be an http(s) URL' }),
  COCKPIT_SESSION_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, { message: '至少 32 个字符 / at least 32 characters' }),
  COCKPIT_SESSION_HOURS: intInRange(1, 720, 12),
  WECOM_OAUTH_BASE: z.string().trim().url('应为 URL / must be a URL').default('https://open.weixin.qq.com'),
  WECOM_SSO_BASE: z.string().trim().url('应为 URL / must be a URL').default('https://login.work.weixin.qq.com'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  timezone: 'Asia/Shanghai';
  mongo: { uri: string | undefined; dbName: string; dataDir: string };
  wecom: {
    mode: Env['WECOM_MODE'];
    apiBase: string;
    corpId: string | undefined;
    agentId: string | undefined;
    appSecret: string | undefined;
    botName: string;
    /** Callback credentials per inbound surface; a surface whose pair is missing refuses callbacks. */
    app: { token: string; aesKey: string } | undefined;
    aibot: { token: string; aesKey: string } | undefined;
    grouprobot: { token: string; aesKey: string } | undefined;
    longconn: { botId: string; secret: string; wsUrl: string | undefined } | undefined;
    maxSkewSeconds: number;
    bodyLimitBytes: number;
  };
  rulesFile: string | undefined;
  /** A JSON file of the county's holidays and 调休 workdays (`[{date, kind, name}]`), read at start-up. */
  calendarFile: string | undefined;
  /** 领导驾驶舱 (src/web): its public address, the session cookie's secret and lifetime, WeCom's sign-in hosts. */
  cockpit: {
    /** Where people reach the bot (the WeCom console's trusted domain); without it messages carry no "查看详情" link. */
    publicBaseUrl: string | undefined;
    /** HMAC key of the session cookie; without it the pages answer 503. */
    sessionSecret: string | undefined;
    sessionHours: number;
    /** 网页授权 inside the WeCom client (/connect/oauth2/authorize). */
    oauthBase: string;
    /** 扫码登录 from a PC browser (/wwlogin/sso/login). */
    ssoBase: string;
  };
  /** Human-readable names of the WeCom variables that are not set (for the one start-up warning). */
  missingWecom: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const pair = (token: string | undefined, aesKey: string | undefined) =>
  token && aesKey ? { token, aesKey } : undefined;

/** Reads the environment (passed in, as probot's readEnvOptions does) into a typed Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? '?');
    const value = env[variable];
    throw new ConfigError(
      `配置错误 / invalid configuration: ${variable}=${JSON.stringify(value ?? '')} — ${issue.message}`,
    );
  }
  const e = parsed.data;
  const missing: string[] = [];
  const need = (names: (keyof Env)[]) => names.filter((n) => e[n] === undefined);
  if (e.WECOM_MODE === 'callback') {
    missing.push(...need(['WECOM_BOT_TOKEN', 'WECOM_BOT_AES_KEY']));
  } else {
    missing.push(...need(['WECOM_BOT_ID', 'WECOM_BOT_SECRET']));
  }
  missing.push(...need(['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_APP_SECRET', 'WECOM_APP_TOKEN', 'WECOM_APP_AES_KEY']));

  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    timezone: e.TIMEZONE,
    mongo: { uri: e.MONGODB_URI, dbName: e.MONGO_DB_NAME, dataDir: e.MONGO_DATA_DIR },
    wecom: {
      mode: e.WECOM_MODE,
      apiBase: e.WECOM_API_BASE.replace(/\/+$/, ''),
      corpId: e.WECOM_CORP_ID,
      agentId: e.WECOM_AGENT_ID,
      appSecret: e.WECOM_APP_SECRET,
      botName: e.WECOM_BOT_NAME,
      app: pair(e.WECOM_APP_TOKEN, e.WECOM_APP_AES_KEY),
      aibot: pair(e.WECOM_BOT_TOKEN, e.WECOM_BOT_AES_KEY),
      grouprobot: pair(e.WECOM_ROBOT_TOKEN, e.WECOM_ROBOT_AES_KEY),
      longconn:
        e.WECOM_BOT_ID && e.WECOM_BOT_SECRET
          ? { botId: e.WECOM_BOT_ID, secret: e.WECOM_BOT_SECRET, wsUrl: e.WECOM_WS_URL }
          : undefined,
      maxSkewSeconds: e.CALLBACK_MAX_SKEW_SECONDS,
      bodyLimitBytes: e.CALLBACK_BODY_LIMIT_BYTES,
    },
    rulesFile: e.RULES_FILE,
    calendarFile: e.CALENDAR_FILE,
    cockpit: {
      publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
      sessionSecret: e.COCKPIT_SESSION_SECRET,
      sessionHours: e.COCKPIT_SESSION_HOURS,
      oauthBase: e.WECOM_OAUTH_BASE.replace(/\/+$/, ''),
      ssoBase: e.WECOM_SSO_BASE.replace(/\/+$/, ''),
    },
    missingWecom: missing,
  };
}
