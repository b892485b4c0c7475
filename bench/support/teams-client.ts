import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';

/**
 * The Teams side of the tick benchmark: activities shaped like the recorded ones in
 * test/fixtures/, posted over keep-alive HTTP. node:http rather than fetch, because the clients
 * share the machine with the bots and fetch costs several times the CPU per request.
 */

export type Card = Record<string, unknown>;

/** One coordinator with the bot in a 1:1 chat. */
export interface Person {
  readonly aadObjectId: string;
  readonly userId: string;
  readonly name: string;
  readonly conversationId: string;
}

export interface InvokeAnswer {
  readonly statusCode: number;
  readonly type: string;
  readonly value: Card;
}

const fixtures = new Map<string, Record<string, unknown>>();

/** A recorded activity from test/fixtures/ for this person, pointed at `serviceUrl`; `extra` replaces top-level fields. */
export function activityFor(root: string, name: string, serviceUrl: string, person: Person, extra: Record<string, unknown> = {}): Record<string, unknown> {
  let base = fixtures.get(name);
  if (base === undefined) {
    base = JSON.parse(readFileSync(path.join(root, 'test', 'fixtures', `${name}.json`), 'utf8')) as Record<string, unknown>;
    fixtures.set(name, base);
  }
  return {
    ...base,
    ...extra,
    id: `${String(base['id'] ?? 'activity')}-${Math.random().toString(36).slice(2, 10)}`,
    serviceUrl,
    from: { ...(base['from'] as object), id: person.userId, name: person.name, aadObjectId: person.aadObjectId },
    // The fixture's tenant stays: the bot refuses an activity whose two tenant ids disagree.
    conversation: { ...(base['conversation'] as object), id: person.conversationId, conversationType: 'personal', isGroup: false },
  };
}

/** An Action.Execute press as Teams sends it: the verb and data the card carried. */
export function pressFor(root: string, serviceUrl: string, person: Person, verb: string, data: Record<string, unknown>): Record<string, unknown> {
  return activityFor(root, 'teams-card-action', serviceUrl, person, { value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } });
}

/** Posts activities to one bot's /api/messages over a pool of kept-alive connections. */
export class BotEndpoint {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(readonly port: number) {}

  post(activity: unknown): Promise<{ status: number; body: string }> {
    const payload = Buffer.from(JSON.stringify(activity));
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: this.port, path: '/api/messages', method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': payload.length } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Posts an invoke and returns the invoke response's body; anything but HTTP 200 with a card is an error. */
  async invoke(activity: unknown): Promise<InvokeAnswer> {
    const res = await this.post(activity);
    if (res.status !== 200) throw new Error(`invoke answered HTTP ${res.status}: ${res.body.slice(0, 200)}`);
    const answer = JSON.parse(res.body) as InvokeAnswer;
    if (answer.statusCode !== 200) throw new Error(`invoke answered statusCode ${answer.statusCode}: ${JSON.stringify(answer.value).slice(0, 200)}`);
    return answer;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The first Action.Execute with this verb (and data matching `match`) anywhere in a card, ShowCards included. */
export function actionIn(card: unknown, verb: string, match: Record<string, unknown> = {}): Record<string, unknown> | undefined {
  if (Array.isArray(card)) {
    for (const node of card) {
      const found = actionIn(node, verb, match);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof card !== 'object' || card === null) return undefined;
  const o = card as Record<string, unknown>;
  if (o['type'] === 'Action.Execute' && o['verb'] === verb) {
    const data = (o['data'] ?? {}) as Record<string, unknown>;
    if (Object.entries(match).every(([k, v]) => data[k] === v)) return data;
  }
  for (const value of Object.values(o)) {
    const found = actionIn(value, verb, match);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Like actionIn, but a missing action is an error naming what was looked for. */
export function requireAction(card: unknown, verb: string, match: Record<string, unknown> = {}): Record<string, unknown> {
  const found = actionIn(card, verb, match);
  if (found === undefined) throw new Error(`no ${verb} action matching ${JSON.stringify(match)} in the card`);
  return found;
}
