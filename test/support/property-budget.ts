/**
 * PROPERTY_TIME_LIMIT_MS: mutation runs (vitest.mutation.config.mjs) give each property a time
 * budget instead of its full count; property-seed.ts applies it to fast-check.
 */
export function propertyTimeLimitMs(): number | undefined {
  const value = process.env['PROPERTY_TIME_LIMIT_MS'];
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`PROPERTY_TIME_LIMIT_MS must be a positive number of milliseconds, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Whether properties run on a time budget, so a check that the draws reached some case (which needs the full count) cannot hold. */
export const propertiesOnBudget = (): boolean => propertyTimeLimitMs() !== undefined;
