/**
 * What telemetry may carry of a URL, a span and an exception. Table storage URLs name the row they
 * read (`Cases(PartitionKey='tenant',RowKey='SIP-2026-0001')`) and their queries filter on case
 * codes; Bot Connector URLs carry conversation and activity ids; the calendar route carries a
 * signed token. None of that may leave the process, so URLs keep their scheme, host and the
 * segments that are words of ours (`v3`, `conversations`, a table's name), and everything in a
 * span that is not on the list below is dropped.
 */

/** A path segment kept as it is: a word, as the APIs' own path words and table names are. */
const WORD_SEGMENT = /^[A-Za-z$][A-Za-z0-9$_.]{0,62}$/;

/** Stands for a segment that is not a word: an id, a code, a token. */
export const ID_SEGMENT = '{id}';

/** A path with OData keys, query and fragment gone, and every segment that is not a word replaced. */
export function scrubPath(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] ?? '';
  return bare
    .split('/')
    .map((segment) => {
      if (segment === '') return segment;
      // "Cases(PartitionKey='…',RowKey='…')" and "Tables('name')": the entity set stays.
      const set = segment.split('(', 1)[0] ?? '';
      let decoded = set;
      try {
        decoded = decodeURIComponent(set);
      } catch {
        return ID_SEGMENT;
      }
      return WORD_SEGMENT.test(decoded) ? decoded : ID_SEGMENT;
    })
    .join('/');
}

/** A URL with its path scrubbed and no query, fragment or credentials; undefined if it is not one. */
export function scrubUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return `${parsed.protocol}//${parsed.host}${scrubPath(parsed.pathname)}`;
}

/** The table a storage request is for (the last word of its path); '' for service requests. */
export function tableOfPath(path: string): string {
  const segments = scrubPath(path).split('/').filter((s) => s !== '');
  const last = segments[segments.length - 1];
  return last === undefined || last === ID_SEGMENT ? '' : last;
}

type AttributeValue = string | number | boolean | Array<null | undefined | string> | Array<null | undefined | number> | Array<null | undefined | boolean>;
export type Attributes = Record<string, AttributeValue | undefined>;

/** Attributes whose value is a URL or a path: kept only scrubbed. */
const URL_KEYS = new Set(['url.full', 'http.url']);
const PATH_KEYS = new Set(['url.path', 'http.target']);

/**
 * Attributes that say how a call went and where it went (host, method, status), and nothing about
 * whom or what it was for. Anything else an instrumentation adds (user agent, client address,
 * query, headers) is dropped, so a new attribute in a library update is not sent by default.
 */
const KEPT_KEYS = new Set([
  'http.request.method',
  'http.method',
  'http.response.status_code',
  'http.status_code',
  'http.route',
  'http.scheme',
  'http.flavor',
  'http.host',
  'url.scheme',
  'server.address',
  'server.port',
  'net.peer.name',
  'net.peer.port',
  'net.host.name',
  'net.host.port',
  'network.protocol.version',
  'network.protocol.name',
  'network.transport',
  'error.type',
  'az.namespace',
]);

/** Ours (fixed vocabularies) and the Azure Monitor SDK's own bookkeeping. */
const KEPT_PREFIXES = ['samordning.', '_MS.', 'microsoft.'];

export function keptAttribute(key: string): boolean {
  return KEPT_KEYS.has(key) || URL_KEYS.has(key) || PATH_KEYS.has(key) || KEPT_PREFIXES.some((p) => key.startsWith(p));
}

/** Scrubs a span's (or event's) attributes in place: the exporter reads the same object. */
export function scrubAttributes(attributes: Attributes): void {
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (!keptAttribute(key)) delete attributes[key];
    else if (URL_KEYS.has(key)) {
      const scrubbed = typeof value === 'string' ? scrubUrl(value) : undefined;
      if (scrubbed === undefined) delete attributes[key];
      else attributes[key] = scrubbed;
    } else if (PATH_KEYS.has(key)) {
      if (typeof value === 'string') attributes[key] = scrubPath(value);
      else delete attributes[key];
    }
  }
}

/**
 * A span name fit to send: ours and the HTTP instrumentation's ("POST", "GET /path") are kept with
 * any path scrubbed; the Azure SDK's ("TableClient.getEntity") are words.
 */
export function scrubSpanName(name: string): string {
  return name
    .split(' ')
    .map((part) => (part.includes('://') ? (scrubUrl(part) ?? ID_SEGMENT) : part.startsWith('/') ? scrubPath(part) : /^[A-Za-z0-9$_.-]{1,80}$/.test(part) ? part : ID_SEGMENT))
    .join(' ');
}

/**
 * A stack with only its frames: the first line is "Name: message", and a message can echo what
 * a user typed (a zod error quoting its input, a storage error quoting a key).
 */
export function framesOnly(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

/** An exception event's attributes: its type, no message, the stack's frames only. */
export function scrubExceptionAttributes(attributes: Attributes): void {
  const type = typeof attributes['exception.type'] === 'string' ? (attributes['exception.type'] as string) : 'Error';
  const stack = attributes['exception.stacktrace'];
  for (const key of Object.keys(attributes)) delete attributes[key];
  // Only a name that is a word: a thrown string becomes its own "type" in OpenTelemetry.
  attributes['exception.type'] = /^[A-Za-z_$][A-Za-z0-9_$.]{0,80}$/.test(type) ? type : 'Error';
  attributes['exception.message'] = attributes['exception.type'];
  if (typeof stack === 'string') attributes['exception.stacktrace'] = framesOnly(stack);
}

/** OpenTelemetry's SpanKind.SERVER: an incoming request. */
const SERVER = 1;

/** The parts of a finished span that the exporter reads, as the SDK's span objects hold them. */
export interface ScrubbableSpan {
  name: string;
  readonly kind: number;
  readonly attributes: Attributes;
  readonly events: ReadonlyArray<{ readonly name: string; readonly attributes?: Attributes | undefined }>;
  status: { code: number; message?: string | undefined };
}

/** Makes a finished span safe to export, in place. Idempotent. */
export function scrubSpan(span: ScrubbableSpan): void {
  span.name = scrubSpanName(span.name);
  scrubAttributes(span.attributes);
  // Application Insights names a request by its route; restify's routes are unknown to the http
  // instrumentation, and without one the request is named by its method alone ("POST").
  const path = span.attributes['url.path'] ?? span.attributes['http.target'];
  if (span.kind === SERVER && span.attributes['http.route'] === undefined && typeof path === 'string') span.attributes['http.route'] = path;
  for (const event of span.events) {
    if (event.attributes === undefined) continue;
    if (event.name === 'exception') scrubExceptionAttributes(event.attributes);
    else scrubAttributes(event.attributes);
  }
  // The status message is an error's message.
  if (span.status.message !== undefined) span.status = { code: span.status.code };
}

/**
 * The span processor that scrubs. `onEnding` runs while the span is still open, before any
 * processor's `onEnd`; `onEnd` scrubs again for SDKs without `onEnding`. It is registered between
 * Azure Monitor's own processor (which only counts spans for the standard metrics, by host) and
 * the batch processor that exports, which keeps the span object and serialises it later.
 */
export class ScrubbingSpanProcessor {
  onStart(): void {}
  onEnding(span: ScrubbableSpan): void {
    scrubSpan(span);
  }
  onEnd(span: ScrubbableSpan): void {
    scrubSpan(span);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
