import { describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../src/bot/bot-context';
import { pickedPerson } from '../../src/bot/picked-person';
import { playgroundUser } from '../../src/local/playground-users';

/** A turn from a tenant, with a store that knows no one and the Playground directory only if local. */
function turn(local: boolean): HandlerContext {
  return {
    turn: { activity: { conversation: { id: 'a:1', tenantId: '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c' }, channelData: { tenant: { id: '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c' } } } },
    services: { conversations: { find: async () => undefined }, localPeople: local ? playgroundUser : undefined },
  } as unknown as HandlerContext;
}

describe('pickedPerson', () => {
  it('in production refuses the Playground\'s mock ids as a card it cannot read', async () => {
    await expect(pickedPerson(turn(false), 'user-id-1')).rejects.toMatchObject({ name: 'UserError', code: 'invalidActionData' });
  });

  it('keeps an object id as it is, with no name until the person has used the bot', async () => {
    await expect(pickedPerson(turn(false), 'd2e9a1b7-3c4f-4a6e-b8d0-9f1e2a3b4c5d')).resolves.toEqual({
      person: { aadObjectId: 'd2e9a1b7-3c4f-4a6e-b8d0-9f1e2a3b4c5d', userId: undefined, name: undefined },
      reachable: false,
    });
  });

  it('in local mode names a mock user as the Playground does', async () => {
    await expect(pickedPerson(turn(true), 'user-id-1')).resolves.toMatchObject({ person: { aadObjectId: '00000000-0000-0000-0000-0000000000021', name: 'Megan Bowen' } });
  });
});
