import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config';

export type { Logger } from 'pino';

/**
 * Paths that must never reach a log line. Handlers log a chosen summary of an activity (see
 * `activity-summary.ts`), never the activity itself; this list is the second line of defence for
 * the day someone passes a whole activity, a card or a request by mistake.
 */
export const REDACTED_PATHS: readonly string[] = [
  'text',
  'value',
  'attachments',
  'speak',
  'summary',
  'entities',
  'card',
  'data',
  'body',
  'password',
  'token',
  'authorization',
  'connectionString',
  'headers.authorization',
  '*.text',
  '*.value',
  '*.attachments',
  '*.speak',
  '*.summary',
  '*.entities',
  '*.card',
  '*.data',
  '*.body',
  '*.password',
  '*.token',
  '*.authorization',
  '*.connectionString',
  '*.MicrosoftAppPassword',
  '*.headers.authorization',
  'req.headers.authorization',
  'err.request',
  'err.response',
];

/** Creates the JSON logger. `destination` lets tests capture what would be written. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'samordningsboten' },
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: safeErrorSerializer },
    },
    destination,
  );
}

/**
 * Errors from HTTP clients carry the request and response, whose bodies hold message text and
 * card values. Keep only what helps an operator: type, code, status and stack.
 */
function safeErrorSerializer(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: 'non-error thrown', type: typeof err };
  const e = err as Error & { code?: unknown; statusCode?: unknown };
  return {
    type: e.name,
    message: e.message,
    code: typeof e.code === 'string' || typeof e.code === 'number' ? e.code : undefined,
    statusCode: typeof e.statusCode === 'number' ? e.statusCode : undefined,
    stack: e.stack,
  };
}
