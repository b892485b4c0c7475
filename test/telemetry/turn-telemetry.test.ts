import { describe, expect, it } from 'vitest';
import { activityTypeOf, recordTurn, turnTelemetryOf } from '../../src/telemetry/turn-telemetry';

describe('turn telemetry without telemetry started', () => {
  it('runs the turn and gives back its result, with a recorder during it and none after', async () => {
    const activity = { type: 'message' };
    let during: unknown;
    const result = await recordTurn(activity, async () => {
      during = turnTelemetryOf(activity);
      turnTelemetryOf(activity).named('newCase');
      turnTelemetryOf(activity).ended({ kind: 'userError', code: 'notFound' });
      return 42;
    });
    expect(result).toBe(42);
    expect(during).not.toBe(turnTelemetryOf(activity));
    expect(() => turnTelemetryOf({}).named('x')).not.toThrow();
  });

  it('lets an error through', async () => {
    await expect(recordTurn({ type: 'invoke' }, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it('names only activity types Teams sends', () => {
    expect(activityTypeOf('invoke')).toBe('invoke');
    expect(activityTypeOf('19121212-1212')).toBe('other');
    expect(activityTypeOf(undefined)).toBe('other');
  });
});
