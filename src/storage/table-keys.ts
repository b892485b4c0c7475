/**
 * Table keys may not hold '/', '\\', '#', '?' or control characters, and Teams ids hold ':' '@'
 * ';' and more. Percent-encoding keeps keys readable in Storage Explorer and reversible.
 */
export function encodeKey(part: string): string {
  return encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A key made by encodeKey, read back. */
export function decodeKey(key: string): string {
  return decodeURIComponent(key);
}

/** OData string literal for a filter: single quotes are doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** True when an Azure Tables call failed because the entity is not there. */
export function isNotFound(err: unknown): boolean {
  return statusOf(err) === 404;
}

/** True when an ETag-conditioned write lost to a newer write (412) or an insert found a row (409). */
export function isConflict(err: unknown): boolean {
  const status = statusOf(err);
  return status === 412 || status === 409;
}

function statusOf(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : undefined;
}
