import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths never written to logs: tokens, keys, secrets and WeCom's key-bearing URLs. */
export const redactPaths = [
  '*.secret', '*.token', '*.aesKey', '*.access_token', '*.corpsecret', '*.key', '*.webhookKey',
  '*.appSecret', '*.encodingAESKey', 'config.wecom', 'headers.authorization',
];

/** Structured JSON logs on stderr, so stdout stays clean for CLI output (parse, simulate). */
export function createLogger(level: string = 'info', destination: pino.DestinationStream = pino.destination({ dest: 2, sync: true })): Logger {
  return pino({ level, base: undefined, redact: { paths: redactPaths, censor: '[已隐藏]' } }, destination);
}

export const silentLogger: Logger = pino({ level: 'silent' });
