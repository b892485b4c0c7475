/**
 * Answers of a pure function kept by key, forgotten all at once when there are `bound` of them.
 * For calendar arithmetic that the reminder rules repeat on every case write: the same few dates,
 * offsets and zones recur, and odd inputs cannot grow the cache without end.
 */
export function boundedCache<V>(bound: number, compute: (key: string) => V): (key: string) => V {
  const known = new Map<string, V>();
  return (key) => {
    if (known.has(key)) return known.get(key) as V;
    const value = compute(key);
    if (known.size >= bound) known.clear();
    known.set(key, value);
    return value;
  };
}
