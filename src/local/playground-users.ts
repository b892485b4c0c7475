/**
 * The Agents Playground's own mock users, as its built-in configuration has them. Its people picker
 * sends their `id` (user-id-1), not an Entra object id; in local mode the bot looks the id up here,
 * as Teams would hand it the person's object id and name. The bot also starts one Playground per
 * coordinator with one of these as the current user, so that both sides of a case can be tried.
 */
export interface PlaygroundUser {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
  readonly email: string;
}

export const PLAYGROUND_USERS: readonly PlaygroundUser[] = [
  { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020', email: 'alexw@example.com' },
  { id: 'user-id-1', name: 'Megan Bowen', aadObjectId: '00000000-0000-0000-0000-0000000000021', email: 'meganb@example.com' },
  { id: 'user-id-2', name: 'Adele Vance', aadObjectId: '00000000-0000-0000-0000-0000000000022', email: 'adelev@example.com' },
  { id: 'user-id-3', name: 'Isaiah Langer', aadObjectId: '00000000-0000-0000-0000-0000000000023', email: 'isaiahl@example.com' },
  { id: 'user-id-4', name: 'Patti Fernandez', aadObjectId: '00000000-0000-0000-0000-0000000000024', email: 'pattif@example.com' },
  { id: 'user-id-5', name: 'Lynne Robbins', aadObjectId: '00000000-0000-0000-0000-0000000000025', email: 'lynner@example.com' },
];

/** The one who runs `npm start`, and the colleague from the other principal they can be as well. */
export const [PLAYGROUND_YOU, PLAYGROUND_COLLEAGUE] = PLAYGROUND_USERS as [PlaygroundUser, PlaygroundUser, ...PlaygroundUser[]];

/** A mock user by the id the Playground's picker sends, or by their object id; undefined for anyone else. */
export function playgroundUser(id: string): PlaygroundUser | undefined {
  return PLAYGROUND_USERS.find((u) => u.id === id || u.aadObjectId === id);
}

/** The tenant every Playground activity comes from (its own odd-length id, as the Playground sends it). */
export const PLAYGROUND_TENANT_ID = '00000000-0000-0000-0000-0000000000001';

/**
 * The Playground's configuration file with `current` as its user and everyone else in its
 * directory, in the shape of its built-in one. JSON is YAML, so no YAML writer is needed. The
 * personal chat keeps its id across restarts, so the bot's stored address for it stays good.
 */
export function playgroundConfig(current: PlaygroundUser): string {
  const person = (u: PlaygroundUser) => {
    const [givenName, ...rest] = u.name.split(' ');
    return { id: u.id, name: u.name, userPrincipleName: u.email, aadObjectId: u.aadObjectId, givenName, surname: rest.join(' '), email: u.email };
  };
  return JSON.stringify(
    {
      version: '0.1.1',
      tenantId: PLAYGROUND_TENANT_ID,
      bot: { id: '00000000-0000-0000-0000-00000000000011', name: 'Samordningsboten' },
      currentUser: person(current),
      users: PLAYGROUND_USERS.filter((u) => u.id !== current.id).map(person),
      personalChat: { id: `personal-chat-${current.id}` },
      groupChat: { id: `group-chat-${current.id}`, name: 'Gruppchatt' },
      team: { id: 'team-id', name: 'Mitt team', aadGroupId: '00000000-0000-0000-0000-000000000031', channels: [{ id: 'channel-announcements-id', name: 'Announcements' }] },
    },
    null,
    2,
  );
}
