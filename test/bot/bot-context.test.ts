import { describe, expect, it } from 'vitest';
import { servicesForTurn, type BotServices } from '../../src/bot/bot-context';

/** A service with a turn view that records the deadline it was bound to. */
const viewable = (name: string) => ({ name, forTurn: (deadline: AbortSignal) => ({ name: `${name} for the turn`, deadline }) });

describe('servicesForTurn', () => {
  const services = {
    logger: { name: 'logger' },
    conversations: viewable('conversations'),
    cases: viewable('cases'),
    caseIndex: viewable('caseIndex'),
    reminders: viewable('reminders'),
    messenger: { name: 'messenger' },
    timeZone: 'Europe/Stockholm',
    clock: () => new Date(0),
    // One a later change might add: it is bound without being named anywhere.
    somethingNew: viewable('somethingNew'),
  } as unknown as BotServices;

  it('replaces every service that has a turn view with it, bound to the turn\'s deadline, and keeps the rest', () => {
    const deadline = new AbortController().signal;
    const bound = servicesForTurn(services, deadline) as unknown as Record<string, { name?: string; deadline?: AbortSignal }>;
    for (const name of ['conversations', 'cases', 'caseIndex', 'reminders', 'somethingNew']) {
      expect(bound[name], name).toEqual({ name: `${name} for the turn`, deadline });
    }
    const original = services as unknown as Record<string, unknown>;
    for (const name of ['logger', 'messenger', 'timeZone', 'clock']) expect(bound[name], name).toBe(original[name]);
  });

  it('is the services themselves for a turn without a deadline (the bot\'s own proactive turns)', () => {
    expect(servicesForTurn(services, undefined)).toBe(services);
  });
});
