import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

export type Activity = Record<string, unknown> & { conversation: Record<string, unknown>; from: Record<string, unknown> };

/**
 * A recorded Teams activity from test/fixtures/, pointed at the fake connector. `patch` replaces
 * top-level fields and merges one level into conversation, from, recipient and value.
 */
export function fixture(name: string, serviceUrl: string, patch: Record<string, unknown> = {}): Activity {
  const base = JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Activity;
  const merged: Record<string, unknown> = { ...base, serviceUrl };
  for (const [key, value] of Object.entries(patch)) {
    const current = merged[key];
    merged[key] =
      ['conversation', 'from', 'recipient', 'value', 'channelData'].includes(key) && isObject(current) && isObject(value) ? { ...current, ...value } : value;
  }
  merged['id'] = `${String(base['id'] ?? 'activity')}-${Math.random().toString(36).slice(2, 8)}`;
  return merged as Activity;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
