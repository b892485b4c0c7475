import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TABLES } from '../../src/storage/table-store';
import { ANNA, BJORN, Client, EVA, TENANT, actionIn, caseForm, textOf, type InvokeBody } from '../support/case-flow';
import { FakeConnector } from '../support/fake-connector';
import { startTestBot, type TestBot } from '../support/test-bot';
import { spyInTurns } from '../support/spy-in-turns';

/**
 * The edges of "Skapa ärendet" that the flows in case-flows.test.ts pass by: each form choice as it
 * reaches the stored case, each refusal as the form names it, what the creator is told, the
 * failures around a form's id, and the view verbs a card's buttons send.
 */

/** Monday 23 November 2026, a second per reading: consent until 2027-06-30 is still ahead. */
let tick = Date.parse('2026-11-23T09:00:00.000Z');
const clock = () => new Date((tick += 1000));

let connector: FakeConnector;
let bot: TestBot;
let anna: Client;
let bjorn: Client;
let eva: Client;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  bot = await startTestBot({}, clock);
  anna = new Client(bot, connector, ANNA);
  bjorn = new Client(bot, connector, BJORN);
  eva = new Client(bot, connector, EVA);
  await anna.install();
  await bjorn.install();
  await eva.install();
});
afterAll(async () => {
  await bot.close();
  await connector.stop();
});
beforeEach(() => connector.reset());

const CARD = 'application/vnd.microsoft.card.adaptive';
const codeOfHub = (hub: unknown): string => String(actionIn(hub, 'case.refresh').data['code']);
const formIdOf = (form: unknown): string => String(actionIn(form, 'case.create').data['formId']);
const indexOf = (who: { aadObjectId: string }) => bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: who.aadObjectId });
const stateOf = async (code: string) => (await bot.app.cases.get(TENANT, code))!.state;

/** The first TextBlock of a hub: the notices of the turn, joined. */
const noticeOf = (hub: unknown): string => String(((hub as { body: Array<{ text?: unknown }> }).body[0]!).text);

/** The problem lines of a refused form's first attention box, without their "- " bullets. */
function problemsOf(card: unknown): string[] {
  const body = (card as { body: Array<{ type: string; style?: string; items?: Array<{ text: string }> }> }).body;
  const box = body.find((x) => x.type === 'Container' && x.style === 'attention');
  return (box?.items ?? []).slice(1).map((x) => x.text.replace(/^- /, ''));
}

/** A fresh form for `who`: its id, as the "Skapa ärendet" button carries it. */
async function newFormId(who: Client): Promise<string> {
  const [form] = await who.say('nytt ärende vss');
  return formIdOf(form);
}

async function create(who: Client, overrides: Record<string, string> = {}): Promise<{ code: string; res: InvokeBody }> {
  const res = await who.press('case.create', caseForm(overrides));
  expect(res.type).toBe(CARD);
  return { code: codeOfHub(res.value), res };
}

/** Form-use rows of the tenant (row key = form id), as the store holds them. */
async function formRows(): Promise<string[]> {
  const rows: string[] = [];
  // The form partition is the tenant id (a GUID, unchanged by key encoding) with "_form".
  const filter = `PartitionKey eq '${TENANT}_form'`;
  for await (const e of bot.app.store.client(TABLES.caseIndex).listEntities({ queryOptions: { filter } })) rows.push(String(e.rowKey));
  return rows.sort();
}

const BEING_CREATED = 'Ärendet från det här formuläret håller på att skapas';

describe('what the form says reaches the case', () => {
  it('makes a creator who chose kommun the kommun coordinator, and the colleague the region one', async () => {
    const { code } = await create(anna, { principal: 'kommun', unit: 'Socialtjänsten Öst' });
    expect((await stateOf(code)).coordinators.map((x) => [x.aadObjectId, x.principal])).toEqual([
      [ANNA.aadObjectId, 'kommun'],
      [BJORN.aadObjectId, 'region'],
    ]);
  });

  it('creates a case whose consent is not yet given without asking for its form, scope or date', async () => {
    const { code, res } = await create(anna, { consentStatus: 'notYet', consentForm: '', consentScope: '', consentValidUntil: '' });
    expect((await stateOf(code)).consent).toEqual({ status: 'notYet' });
    expect(textOf(res.value)).toContain('{"title":"Samtycke","value":"Inte inhämtat ännu"}');
  });

  it('refuses a given consent with no form chosen, and names that field only', async () => {
    const before = await indexOf(ANNA);
    const res = await anna.press('case.create', caseForm({ consentForm: '' }));
    expect(problemsOf(res.value)).toEqual(['Samtyckets form: fyll i detta.']);
    expect(await indexOf(ANNA)).toEqual(before);
  });

  it('asks for the principal when none was chosen, whether sent empty or not at all', async () => {
    const before = await indexOf(ANNA);
    const empty = await anna.press('case.create', caseForm({ principal: '' }));
    expect(problemsOf(empty.value)).toEqual(['Din huvudman: fyll i detta.']);
    const { principal: _left, ...withoutPrincipal } = caseForm();
    const missing = await anna.press('case.create', withoutPrincipal);
    expect(problemsOf(missing.value)).toEqual(['Din huvudman: fyll i detta.']);
    expect(await indexOf(ANNA)).toEqual(before);
  });
});

describe('the target-group line of a refused form', () => {
  // caseForm meets the target group: adult, extensive disability and ordinary cooperation not enough.
  const unlistedUnit = 'En enhet som inte finns i listan';

  it('is not shown when the target group is met and something else is wrong', async () => {
    const res = await anna.press('case.create', caseForm({ principal: '' }));
    expect(problemsOf(res.value)).toEqual(['Din huvudman: fyll i detta.']);
  });

  it('is not shown when the group is not met but a reason is given and something else is wrong', async () => {
    const res = await anna.press('case.create', caseForm({ extensiveDisability: 'false', notMetReason: 'Utredning pågår', unit: unlistedUnit }));
    expect(problemsOf(res.value)).toEqual(['Din enhet: välj en enhet ur listan för din huvudman. Saknas din enhet där, be den som förvaltar boten lägga till den.']);
  });

  it('is shown first when the group is not met and the reason is missing, beside another problem', async () => {
    const res = await anna.press('case.create', caseForm({ extensiveDisability: 'false', unit: unlistedUnit }));
    expect(problemsOf(res.value)).toEqual([
      'Målgruppskriterierna är inte uppfyllda. Du kan gå vidare om du anger ett skäl.',
      'Din enhet: välj en enhet ur listan för din huvudman. Saknas din enhet där, be den som förvaltar boten lägga till den.',
      'Skäl att gå vidare: fyll i detta.',
    ]);
  });
});

describe('what the creator is told', () => {
  it('opens with the code, then a space, then that the colleague is being told, and does not show him as waiting for the bot', async () => {
    const { code, res } = await create(anna);
    expect(noticeOf(res.value)).toBe(
      `Ärendet har fått koden ${code}. Med den hittar du ärendet igen, till exempel: ärende ${code} Din kollega får ett meddelande om ärendet i sin chatt med Samordningsboten.`,
    );
    // Björn has the bot and is told right after the answer: the hub must not say he is waiting for it.
    expect(textOf(res.value)).not.toContain('har inte lagt till boten ännu');
    expect((await stateOf(code)).coordinators[1]?.noticePending).toBe(false);
    expect(JSON.stringify(connector.deliveredIn(BJORN.conversationId).at(-1)?.body)).toContain(`i ärende ${code}`);
  });

  it('says nothing about a colleague when none was chosen', async () => {
    const { code, res } = await create(anna, { colleague: '' });
    expect(noticeOf(res.value)).toBe(`Ärendet har fått koden ${code}. Med den hittar du ärendet igen, till exempel: ärende ${code}`);
  });

  it('names a colleague who has the bot from their chat, and keeps the notice owed when his chat refuses it', async () => {
    connector.failFor(BJORN.conversationId, 403);
    const { code, res } = await create(anna);
    // The notice goes after the answer: the answer can only say that it is on its way.
    expect(textOf(res.value)).toContain('Din kollega får ett meddelande om ärendet');
    expect(textOf(res.value)).toContain('Björn Berg (kommun)');
    // 403: the bot was removed from his chat. The notice waits for him to add it again, and the
    // hub says so from now on; nothing is left in the outbox to try again.
    const bjornsEntry = (await stateOf(code)).coordinators[1];
    expect(bjornsEntry).toMatchObject({ aadObjectId: BJORN.aadObjectId, userId: BJORN.userId, name: BJORN.name, noticePending: true });
    expect(await bot.app.cases.pendingFollowUpsOf(TENANT, code)).toEqual([]);
    const [hub] = await anna.say(`ärende ${code}`);
    expect(textOf(hub)).toContain('Björn Berg har inte lagt till boten ännu');
  });

  it('logs each creation with its tenant for the operator', async () => {
    const logged = () => bot.logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['msg'] === 'case created');
    const before = logged().length;
    await create(anna);
    const after = logged();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)?.['tenantId']).toBe(TENANT);
  });
});

describe('a form and its id when something fails', () => {
  it('keeps no form record for a form that has no id', async () => {
    const before = await formRows();
    await create(anna);
    expect(await formRows()).toEqual(before);
    // …while a form with an id is recorded under that id.
    const formId = await newFormId(anna);
    const { code } = await create(anna, { formId });
    expect(await formRows()).toEqual([...before, formId].sort());
    // Every record is a form's own id: no create of this file, with or without one, left another.
    for (const row of await formRows()) expect(row).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // …and sent again, it answers with that case.
    const again = await anna.press('case.create', { ...caseForm(), formId });
    expect(codeOfHub(again.value)).toBe(code);
  });

  it('answers an error when the store fails before the case is written, and frees the form for another try', async () => {
    const formId = await newFormId(anna);
    const failing = spyInTurns(bot.app.caseIndex, 'nextCaseNumber').mockRejectedValueOnce(new Error('the counter did not answer'));
    try {
      const res = await anna.press('case.create', { ...caseForm(), formId });
      expect(res).toMatchObject({ statusCode: 500, type: 'application/vnd.microsoft.error', value: { code: 'internal' } });
    } finally {
      failing.mockRestore();
    }
    const again = await create(anna, { formId });
    expect(await indexOf(ANNA)).toContain(again.code);
  });

  it('keeps the case when its code cannot be recorded with the form, answers a resubmit with "being created" until the sweep records it, then with the case', async () => {
    const formId = await newFormId(anna);
    // The form's record is a follow-up, written after the answer by the app's own repository.
    const failing = vi.spyOn(bot.app.caseIndex, 'recordFormCase').mockRejectedValueOnce(new Error('the form row was not written'));
    const warnings = () => bot.logs.lines.filter((l) => l.includes('a case follow-up failed; the sweeper tries again'));
    const before = warnings().length;
    let code: string;
    try {
      ({ code } = await create(anna, { formId }));
    } finally {
      failing.mockRestore();
    }
    expect(await indexOf(ANNA)).toContain(code);
    expect(warnings()).toHaveLength(before + 1);
    expect(JSON.parse(warnings().at(-1)!)).toMatchObject({ level: 'warn', tenantId: TENANT });
    const again = await anna.press('case.create', { ...caseForm(), formId });
    expect(textOf(again.value)).toContain(BEING_CREATED);
    // A minute on, the sweep finds the row the follow-up left and records the form's case.
    tick += 120_000;
    expect(await bot.app.cases.sweep()).toBeGreaterThanOrEqual(1);
    expect(await bot.app.cases.pendingFollowUpsOf(TENANT, code)).toEqual([]);
    const third = await anna.press('case.create', { ...caseForm(), formId });
    expect(codeOfHub(third.value)).toBe(code);
  });

  it('tells the user the case was not saved when neither the case nor the form\'s release can be written, and warns', async () => {
    const formId = await newFormId(anna);
    const before = await indexOf(ANNA);
    const warnings = () => bot.logs.lines.filter((l) => l.includes('form of an unwritten case could not be freed'));
    const warned = warnings().length;
    const write = spyInTurns(bot.app.cases, 'create').mockRejectedValueOnce(new Error('the store refused the write'));
    const release = spyInTurns(bot.app.caseIndex, 'releaseForm').mockRejectedValueOnce(new Error('the form row could not be deleted'));
    try {
      const res = await anna.press('case.create', { ...caseForm(), formId });
      expect(res.type).toBe(CARD);
      expect(textOf(res.value)).toContain('Ärendet kunde inte sparas');
    } finally {
      write.mockRestore();
      release.mockRestore();
    }
    expect(await indexOf(ANNA)).toEqual(before);
    expect(warnings()).toHaveLength(warned + 1);
    expect(JSON.parse(warnings().at(-1)!)).toMatchObject({ level: 'warn', tenantId: TENANT });
    // The form stays used: a new one is needed.
    const again = await anna.press('case.create', { ...caseForm(), formId });
    expect(textOf(again.value)).toContain(BEING_CREATED);
  });
});

describe('a create whose landing no one can tell', () => {
  it('answers "being created" though the case landed, and its follow-up still lists it and lets the form open it', async () => {
    const formId = await newFormId(anna);
    const before = await indexOf(ANNA);
    // The transaction lands (and its follow-up starts) but its answer is lost, and the read that would tell fails too.
    const realCreate = bot.app.cases.create.bind(bot.app.cases);
    const write = spyInTurns(bot.app.cases, 'create').mockImplementationOnce(async (...args) => {
      await realCreate(...args);
      throw new Error('the answer to the transaction was lost');
    });
    const read = spyInTurns(bot.app.cases, 'get').mockRejectedValueOnce(new Error('the store did not answer the read'));
    let res: InvokeBody;
    try {
      res = await anna.press('case.create', { ...caseForm(), formId });
    } finally {
      write.mockRestore();
      read.mockRestore();
    }
    expect(res.type).toBe(CARD);
    expect(textOf(res.value)).toContain(BEING_CREATED);
    // Neither "not saved" (it was) nor a second number for a resubmit: the number stays the case's.
    expect(textOf(res.value)).not.toContain('kunde inte sparas');
    const code = (await indexOf(ANNA)).find((c) => !before.includes(c));
    expect(code).toBeDefined();
    const again = await anna.press('case.create', { ...caseForm(), formId });
    expect(codeOfHub(again.value)).toBe(code);
    expect((await indexOf(ANNA)).length).toBe(before.length + 1);
  });
});

describe('a form record that does not match its case reveals nothing', () => {
  // Records as the store could hold them after a fault or an older version: each names a case
  // the form's submitter did not create from it. The answer is "being created", never that case.
  async function resubmitWithRecord(creator: string, code: string): Promise<InvokeBody> {
    const formId = await newFormId(anna);
    await bot.app.caseIndex.recordFormCase(TENANT, formId, creator, code);
    const res = await anna.press('case.create', { ...caseForm(), formId });
    expect(res.type).toBe(CARD);
    expect(textOf(res.value)).toContain(BEING_CREATED);
    return res;
  }

  it('a record of Anna\'s naming Eva\'s own case', async () => {
    const { code } = await create(eva, { colleague: '' });
    expect(JSON.stringify(await resubmitWithRecord(ANNA.aadObjectId, code))).not.toContain(code);
  });

  it('a record of Anna\'s naming a case Eva created with Anna as colleague', async () => {
    const { code } = await create(eva, { colleague: ANNA.aadObjectId });
    expect(JSON.stringify(await resubmitWithRecord(ANNA.aadObjectId, code))).not.toContain(code);
  });

  it('a record of Anna\'s naming a case that does not exist', async () => {
    await resubmitWithRecord(ANNA.aadObjectId, 'VSS-2026-9999');
  });

  it('a record of Anna\'s naming a case she created but no longer coordinates', async () => {
    const { code: hers } = await create(anna, { colleague: '' });
    // As a hand-over would leave it: created by Anna, coordinated by Eva alone.
    const handedOver = { ...(await stateOf(hers)), code: 'VSS-2026-9001', coordinators: [{ aadObjectId: EVA.aadObjectId, name: EVA.name, principal: 'region' as const, trained: true, addedAt: '2026-11-23T09:00:00.000Z' }] };
    expect(await bot.app.cases.create(handedOver, [])).not.toBe('codeTaken');
    expect(JSON.stringify(await resubmitWithRecord(ANNA.aadObjectId, handedOver.code))).not.toContain(handedOver.code);
  });

  it('a record of Eva\'s naming a case Anna created', async () => {
    const { code } = await create(anna, { colleague: '' });
    expect(JSON.stringify(await resubmitWithRecord(EVA.aadObjectId, code))).not.toContain(code);
  });
});

describe('the view verbs a card sends', () => {
  it('opens the new-case form, the case list and the history from their buttons', async () => {
    const { code } = await create(anna, { colleague: '' });
    // "Nytt ärende" asks the kind first; each kind's button opens that kind's form.
    const kinds = await anna.press('case.new', {});
    expect(kinds.type).toBe(CARD);
    expect(textOf(kinds.value)).toContain('Vilket slags ärende vill du skapa?');
    expect(actionIn(kinds.value, 'case.new', { kind: 'sip' }).title).toBe('Nytt SIP-ärende');
    const form = await anna.press('case.new', actionIn(kinds.value, 'case.new', { kind: 'vss' }).data);
    expect(form.type).toBe(CARD);
    expect(formIdOf(form.value)).toMatch(/^[0-9a-f-]{36}$/);
    expect(actionIn(form.value, 'case.create').data['kind']).toBe('vss');
    const list = await anna.press('case.list', {});
    expect(list.type).toBe(CARD);
    expect(textOf(list.value)).toContain(code);
    const history = await anna.press('case.history', { code });
    expect(history.type).toBe(CARD);
    expect(textOf(history.value)).toContain('Anna Lind · skapade ärendet');
  });

  it('audits an open from a button, and never a refresh', async () => {
    const { code } = await create(anna, { colleague: '' });
    const actions = async () => (await bot.app.cases.history(TENANT, code, 100)).map((e) => e.action);
    expect(await actions()).toEqual(['case.created']);
    const opened = await anna.press('case.open', { code });
    expect(codeOfHub(opened.value)).toBe(code);
    expect(await actions()).toEqual(['case.viewed', 'case.created']);
    const refreshed = await anna.press('case.refresh', { code }, 'automatic');
    expect(codeOfHub(refreshed.value)).toBe(code);
    expect(await actions()).toEqual(['case.viewed', 'case.created']);
  });
});
