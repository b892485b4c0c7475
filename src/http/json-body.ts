import type { Next, Request, Response } from 'restify';
import type { Logger } from '../logging/logger';

/** Teams activities are a few kilobytes; the largest card submit is far below this. */
export const MAX_BODY_BYTES = 512 * 1024;

/** A short answer of our own: never a library's message, never the body echoed back. */
interface Refusal {
  readonly status: 400 | 413 | 415;
  readonly error: 'BadRequest' | 'PayloadTooLarge' | 'UnsupportedMediaType';
  readonly message: string;
}

const NOT_JSON: Refusal = { status: 415, error: 'UnsupportedMediaType', message: 'Content-Type must be application/json' };
const COMPRESSED: Refusal = { status: 415, error: 'UnsupportedMediaType', message: 'Content-Encoding must be identity' };
const TOO_LARGE: Refusal = { status: 413, error: 'PayloadTooLarge', message: `the body must be at most ${MAX_BODY_BYTES} bytes` };
const BAD_UTF8: Refusal = { status: 400, error: 'BadRequest', message: 'the body is not valid UTF-8' };
const BAD_JSON: Refusal = { status: 400, error: 'BadRequest', message: 'the body is not valid JSON' };

/** Whether the client announced a body (Node ends a request without one at once). */
function announcesBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * `application/json`, optionally with `charset=utf-8` and nothing else. Every other type is
 * refused: form and multipart parsers would write files or nest fields before authentication.
 */
function isJsonType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  if (params.length === 0) return true;
  return params.length === 1 && /^charset\s*=\s*"?utf-8"?$/.test(params[0]!);
}

/** Refuses what the headers alone condemn, before a byte of the body is read. */
function headerRefusal(req: Request): Refusal | undefined {
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  // Bot Framework never compresses; inflating before authentication is how a 400 kB body becomes 400 MB.
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') return COMPRESSED;
  if (!isJsonType(req.headers['content-type'])) return NOT_JSON;
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > MAX_BODY_BYTES) return TOO_LARGE;
  return undefined;
}

/**
 * Answers at once and closes the connection, so a body the server will not read is not
 * drained for its sender (Node would otherwise read and discard it to keep the connection
 * alive). For routes that refuse before reading, such as an unauthorised dispatch.
 */
export function answerAndClose(req: Request, res: Response, status: number, body: { error: string; message: string }): void {
  if (!req.complete) res.setHeader('Connection', 'close');
  res.once('finish', () => {
    if (!req.complete) req.socket.destroy();
  });
  res.send(status, body);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A restify handler that reads a JSON body into `req.body` with a hard cap of
 * {@link MAX_BODY_BYTES}: the Content-Encoding, Content-Type and Content-Length are checked
 * before reading, the running count while reading, and nothing beyond the cap is ever held.
 * A request without a body gets `req.body === undefined`. How long a body may take to arrive
 * is bounded by the Node server's requestTimeout (see server.ts).
 */
/** A restify handler that reads the body into `req.body`, or answers and stops the chain. */
export type BodyReader = (req: Request, res: Response, next: Next) => void;

export function readJsonBody(logger: Logger): BodyReader {
  return (req, res, next) => {
    const refuse = (refusal: Refusal) => {
      logger.debug({ route: req.getRoute()?.path, status: refusal.status, reason: refusal.message }, 'request body refused');
      answerAndClose(req, res, refusal.status, { error: refusal.error, message: refusal.message });
      next(false);
    };

    if (!announcesBody(req)) {
      req.body = undefined;
      next();
      return;
    }
    const early = headerRefusal(req);
    if (early !== undefined) {
      refuse(early);
      return;
    }
    // The server does not promise to read a body until the headers have passed.
    if (req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();

    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const stop = () => {
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onClose);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_BODY_BYTES) {
        stop();
        chunks.length = 0;
        req.pause();
        refuse(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      let text: string;
      try {
        text = utf8.decode(Buffer.concat(chunks, received));
      } catch {
        refuse(BAD_UTF8);
        return;
      }
      if (text.trim() === '') {
        req.body = undefined;
        next();
        return;
      }
      try {
        req.body = JSON.parse(text) as unknown;
      } catch {
        refuse(BAD_JSON);
        return;
      }
      next();
    };
    // The client went away or the server's request timeout closed the connection: no one to answer.
    const onClose = () => {
      if (settled) return;
      stop();
      chunks.length = 0;
      next(false);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', onClose);
  };
}
