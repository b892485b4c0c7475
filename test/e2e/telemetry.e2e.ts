import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionIn, ANNA, BJORN, caseForm, completePlanAs, textOf } from '../support/case-flow';
import { FakeConnector } from '../support/fake-connector';
import { clientOf, startBotProcess, stopLeftStore, stopProcess, type BotProcess } from './support/bot-process';
import { IngestionReceiver, type Envelope } from './support/ingestion-receiver';

/*
 * Issue 15: the built bot with APPLICATIONINSIGHTS_CONNECTION_STRING pointing at a receiver on
 * 127.0.0.1, a whole two-coordinator case driven over HTTP (a personnummer refused in a free text,
 * a nickname, free texts, a case code, a reminder sent), then SIGTERM, which must flush. What
 * arrived must show the turns, the table calls and the metrics, and hold nothing personal.
 */

const PERSONNUMMER = '19121212-1212';
/** The forms a personnummer can be written in; none may reach telemetry. */
const PERSONNUMMER_FORMS = [PERSONNUMMER, '191212121212', '121212-1212', '1212121212'];
const NICKNAME = 'Smultronet';
// Picked from the example list the bot process starts with (config/units.example.json).
const UNIT = 'Psykosmottagningen';
const CONSENT_SCOPE = 'Delning med Vallmogårdens boendestöd';
const MESSAGE = 'kan du hjälpa Kalle Persson i Fjällbacka';
const PLAN_GOAL = 'Vill cykla till Grebbestad';
/** The free texts completePlanAs types. */
const PLAN_TEXTS = ['Jag vill bo kvar i min lägenhet', 'Tar min medicin', 'Samtal på mottagningen', 'Två gånger i veckan'];
const DISPATCH_KEY = 'telemetry-e2e-dispatch-key-0123456789';

const receiver = new IngestionReceiver();
const connector = new FakeConnector();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'samordningsboten-telemetry-'));
let bot: BotProcess | undefined;
/** Every activity body the test posted to the bot, as sent. */
const sent: string[] = [];

beforeAll(async () => {
  await receiver.start();
  await connector.start();
});
afterAll(async () => {
  if (bot !== undefined) await stopProcess(bot.child, 'SIGKILL');
  stopLeftStore(dataDir);
  await connector.stop();
  await receiver.stop();
  // The embedded store a killed bot left may still be writing as it stops.
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

/** The envelopes of one kind ("RequestData", "RemoteDependencyData", "MetricData", …). */
const ofType = (type: string): Envelope[] => receiver.envelopes.filter((e) => e.data?.baseType === type);
const metricNames = (): string[] => ofType('MetricData').flatMap((e) => ((e.data?.baseData?.['metrics'] as Array<{ name: string }> | undefined) ?? []).map((m) => m.name));

describe('Telemetry to Application Insights', () => {
  it('sends turns, table calls and metrics, and nothing a coordinator typed or a case is called', async () => {
    bot = await startBotProcess({
      APPLICATIONINSIGHTS_CONNECTION_STRING: receiver.connectionString,
      NODE_EXTRA_CA_CERTS: receiver.caFile,
      DATA_DIR: dataDir,
      STORAGE_CONNECTION_STRING: '',
      DISPATCH_INTERVAL_SECONDS: '0',
      DISPATCH_KEY,
    });
    const running = bot;
    // Record what the clients post, to show that the strings searched for were really sent.
    const fetchOf = globalThis.fetch;
    globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      if (String(input).startsWith(running.url) && typeof init?.body === 'string') sent.push(init.body);
      return fetchOf(input, init);
    }) as typeof fetch;
    let code: string;
    try {
      const anna = clientOf(running, connector, ANNA);
      const bjorn = clientOf(running, connector, BJORN);
      await anna.install();
      await bjorn.install();

      await anna.say('nytt ärende vss');
      const refused = await anna.press('case.create', caseForm({ nickname: NICKNAME, unit: UNIT, consentScope: `Gäller ${PERSONNUMMER} och familjen` }));
      expect(textOf(refused.value)).toContain('det ser ut som ett personnummer');
      const created = await anna.press('case.create', caseForm({ nickname: NICKNAME, unit: UNIT, consentScope: CONSENT_SCOPE }));
      code = String(actionIn(created.value, 'case.refresh').data['code']);
      expect(code).toMatch(/^[A-ZÅÄÖ]+-\d{4}-\d{4}$/);

      await anna.say(`${MESSAGE} ${PERSONNUMMER}`);
      await anna.say(`ärende ${code}`);
      // Björn's list is written after Anna's answer, as a follow-up of the create.
      await expect.poll(async () => textOf((await bjorn.say('mina ärenden'))[0]), { timeout: 10_000 }).toContain(code);
      // Björn may get the notice of the case first, in the same answer.
      const plan = (await bjorn.say(`plan ${code}`)).find((c) => textOf(c).includes('"plan.save"'));
      const pnrGoal = await bjorn.press('plan.save', { ...actionIn(plan, 'plan.save').data, ownGoals: `Mål för ${PERSONNUMMER}` });
      expect(textOf(pnrGoal.value)).toContain('personnummer');
      await bjorn.press('plan.save', { ...actionIn(plan, 'plan.save').data, ownGoals: PLAN_GOAL });
      await completePlanAs(bjorn, code);
      await bjorn.say('vad är klockan');

      // Days later the case's first reminders are due: a morning tick sends them, late by hours.
      const dispatch = async (now: Date): Promise<number> => {
        const res = await fetchOf(`${running.url}/api/reminders/dispatch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${DISPATCH_KEY}` },
          body: JSON.stringify({ now: now.toISOString() }),
        });
        expect(res.status).toBe(200);
        return ((await res.json()) as { sent: number }).sent;
      };
      await dispatch(new Date());
      let sentReminders = 0;
      // The first working morning a week on or later (a holiday only moves it on).
      for (let day = 7; day < 21 && sentReminders === 0; day++) {
        sentReminders = await dispatch(DateTime.now().setZone('Europe/Stockholm').plus({ days: day }).set({ hour: 10, minute: 0 }).toJSDate());
      }
      expect(sentReminders).toBeGreaterThan(0);
    } finally {
      globalThis.fetch = fetchOf;
    }

    // SIGTERM must flush: the metrics' export interval (60 s) has not come round yet.
    const exported = receiver.envelopes.length;
    await stopProcess(running.child, 'SIGTERM');
    expect(running.child.exitCode).toBe(0);
    expect(receiver.envelopes.length).toBeGreaterThan(exported);

    // Turns, named by command and verb, with their outcome.
    const dependencies = ofType('RemoteDependencyData');
    const turns = dependencies.filter((e) => String(e.data?.baseData?.['name']).startsWith('turn '));
    const turnNames = new Set(turns.map((e) => String(e.data?.baseData?.['name'])));
    for (const name of ['turn message newCase', 'turn invoke case.create', 'turn message myCases', 'turn invoke plan.save', 'turn message unknown', 'turn conversationUpdate welcome']) {
      expect(turnNames, name).toContain(name);
    }
    const created = turns.find((e) => e.data?.baseData?.['name'] === 'turn invoke case.create');
    expect(created?.data?.baseData?.['properties']).toMatchObject({ 'samordning.turn.name': 'case.create', 'samordning.turn.outcome': 'ok', 'samordning.activity.type': 'invoke' });
    // Each turn is part of the request that carried it.
    const requests = ofType('RequestData');
    expect(requests.some((e) => e.data?.baseData?.['name'] === 'POST /api/messages')).toBe(true);
    expect(requests.some((r) => r.tags?.['ai.operation.id'] === created?.tags?.['ai.operation.id'])).toBe(true);

    // Table calls as dependencies, with the table's name and nothing of the row.
    const tableCalls = dependencies.filter((e) => e.data?.baseData?.['type'] === 'Http' && /\/(devstoreaccount1\/)?\w*Cases\b/.test(String(e.data?.baseData?.['data'])));
    expect(tableCalls.length).toBeGreaterThan(0);
    for (const call of dependencies) expect(String(call.data?.baseData?.['data'] ?? '')).not.toMatch(/[('?]/);
    // The Bot Connector's replies, with the conversation and activity ids left out.
    expect(dependencies.some((e) => String(e.data?.baseData?.['data']).startsWith(`${connector.url}v3/conversations/{id}/activities`))).toBe(true);

    const metrics = metricNames();
    for (const name of ['samordning.turns', 'samordning.table.requests', 'samordning.reminders.sent', 'samordning.reminders.dispatch_lag']) expect(metrics, name).toContain(name);

    // Nothing personal, in any form it could be sent in.
    const personal = [...PERSONNUMMER_FORMS, NICKNAME, UNIT, CONSENT_SCOPE, MESSAGE, 'Kalle Persson', PLAN_GOAL, ...PLAN_TEXTS, code, ANNA.name, BJORN.name, ANNA.conversationId, BJORN.conversationId];
    const everything = [...sent, ...connector.activitiesIn(ANNA.conversationId).map((a) => JSON.stringify(a)), ...connector.activitiesIn(BJORN.conversationId).map((a) => JSON.stringify(a))].join('\n');
    // The search can fail: every string (the personnummer as it was typed) was sent to the bot or answered by it.
    for (const s of personal.filter((p) => !PERSONNUMMER_FORMS.slice(1).includes(p))) expect(everything.includes(s), `"${s}" was sent or answered`).toBe(true);
    const received = receiver.rawText();
    const escaped = (s: string) => JSON.stringify(s).slice(1, -1);
    const asciiEscaped = (s: string) => escaped(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    for (const s of personal) {
      for (const form of new Set([s, escaped(s), asciiEscaped(s), encodeURIComponent(s)])) expect(received.includes(form), `telemetry contains "${form}"`).toBe(false);
    }
    // Live metrics are off: only the ingestion endpoint was called.
    expect(receiver.requests.every((r) => /\/v2(\.1)?\/track$/.test(r.path))).toBe(true);
  });
});
