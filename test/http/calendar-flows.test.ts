import { beforeAll, describe, expect, it } from 'vitest';
import { ANNA, BJORN, Client, EVA, TENANT, actionIn, createCaseAs, flowForAll, textOf } from '../support/case-flow';

/*
 * The kallelse as a calendar file for parties outside Teams: a meeting link pasted when planning
 * appears in the kallelse and the file, and the file is fetched from a signed, expiring link on the
 * kallelse card, as a browser would (no Teams sign-in), read back with ical.js.
 */

let now = Date.parse('2026-11-30T09:00:00.000Z'); // Monday 30 November, 10:00 in Stockholm
const clock = () => new Date((now += 1000));
const flow = flowForAll(clock);

type Ical = (typeof import('ical.js', { with: { 'resolution-mode': 'import' } }))['default'];
let ICAL: Ical;
beforeAll(async () => {
  ICAL = (await import('ical.js')).default;
});

function eventOf(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
}

const LINK = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjM2ZTQ%40thread.v2/0?context=%7b%22Tid%22%3a%224f0c7a8e%22%7d';
const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;

/** The calendar link on a kallelse card: an Action.OpenUrl. */
function calendarUrlOf(card: unknown): string {
  const found = /"type":"Action.OpenUrl","title":"Hämta kalenderfil \(\.ics\)","url":"([^"]+)"/.exec(textOf(card));
  if (found === null) throw new Error('no calendar link on the card');
  return found[1]!;
}

describe('the kallelse as a calendar file', () => {
  it('carries the meeting link, downloads as .ics in Stockholm time for the coordinator it was made for, and expires', async () => {
    const code = await createCaseAs(flow.anna);
    const [sip] = await flow.anna.say(`sip ${code}`);
    const form = await flow.anna.press('sip.plan.open', actionIn(sip, 'sip.plan.open').data);
    const meeting = { ...actionIn(form.value, 'sip.plan').data, date: '2026-12-14', time: '10:00', duration: '90', form: 'teams', place: 'Rum 3, Vårdcentralen Norr', purpose: 'Samordna insatser för boendet', invited: 'personen,region,kommun' };
    // A link must be a whole https address: refused with the field named, nothing planned.
    for (const bad of ['teams.microsoft.com/l/meetup-join/x', 'http://teams.microsoft.com/l/x', 'https://anna:hemligt@teams.microsoft.com/l/x', 'javascript:alert(1)']) {
      const refused = await flow.anna.press('sip.plan', { ...meeting, link: bad });
      expect(textOf(refused.value), bad).toContain('Möteslänk: klistra in hela länken, som börjar med https://.');
    }
    expect((await stateOf(code)).sipMeetings ?? []).toEqual([]);
    const planned = await flow.anna.press('sip.plan', { ...meeting, link: ` ${LINK} ` });
    expect(textOf(planned.value)).toContain('Länk: ');
    expect((await stateOf(code)).sipMeetings![0]!.link).toBe(LINK);

    // Björn opens the kallelse: the link is in the text to copy, and the card offers the file.
    const [sipCard] = await flow.bjorn.say(`sip ${code}`);
    const invitation = await flow.bjorn.press('sip.invitation.open', actionIn(sipCard, 'sip.invitation.open').data);
    expect(textOf(invitation.value)).toContain('Plats: Teams, Rum 3, Vårdcentralen Norr');
    const url = calendarUrlOf(invitation.value);
    expect(url.startsWith(`${flow.bot.baseUrl}/api/calendar/`)).toBe(true);
    expect(url.endsWith(`/SIP-${code}-M1.ics`)).toBe(true);

    // A browser fetches it: no Teams sign-in, the link is the permission.
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="SIP-${code}-M1.ics"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const ics = await res.text();
    const e = eventOf(ics);
    expect(e.startDate.zone?.tzid).toBe('Europe/Stockholm');
    expect(e.startDate.toString()).toBe('2026-12-14T10:00:00');
    expect(e.endDate.toJSDate().toISOString()).toBe('2026-12-14T10:30:00.000Z');
    expect(e.summary).toBe(`SIP-möte M1, ärende ${code}`);
    expect(e.location).toBe('Rum 3, Vårdcentralen Norr');
    expect(e.component.getFirstPropertyValue('url')).toBe(LINK);
    expect(ics).not.toContain('Samordna insatser för boendet');
    const history = await flow.bot.app.cases.history(TENANT, code, 5);
    expect(history[0]).toMatchObject({ action: 'sip.calendarDownloaded', by: { aadObjectId: BJORN.aadObjectId }, detail: 'M1' });
    // The link and its token stay out of the logs.
    expect(flow.bot.logs.text).not.toContain(url.split('/')[5]!);
    expect(flow.bot.logs.text).not.toContain('meetup-join');

    // Moved: the same link gives the new time, under the same UID with a higher sequence.
    const [again] = await flow.anna.say(`sip ${code}`);
    const moveForm = await flow.anna.press('sip.move.open', actionIn(again, 'sip.move.open').data);
    await flow.anna.press('sip.move', { ...actionIn(moveForm.value, 'sip.move').data, date: '2026-12-16', time: '13:00', duration: '60' });
    const moved = eventOf(await (await fetch(url)).text());
    expect(moved.uid).toBe(e.uid);
    expect(moved.sequence).toBe(e.sequence + 1);
    expect(moved.startDate.toString()).toBe('2026-12-16T13:00:00');

    // A changed link, or one for a case that is not there, leads nowhere; the answer says what to do.
    const [payload, signature] = url.split('/')[5]!.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), c: 'VSS-2026-0999' })).toString('base64url');
    for (const bad of [url.replace(payload, forged), url.replace(signature, `${signature.slice(0, -3)}AAA`), `${flow.bot.baseUrl}/api/calendar/x.y/SIP.ics`]) {
      const refused = await fetch(bad);
      expect(refused.status, bad).toBe(404);
      expect(await refused.text()).toContain('Länken leder inte till någon kalenderfil. Öppna kallelsen i Teams');
    }

    // Eva is no coordinator, but in the group chat the case is linked to: the kallelse shown there
    // gives her a link that works, as the card itself does; the same link leaves the chat with her.
    const chat = '19:calendar-linked@thread.v2';
    await flow.anna.inGroupChat(chat).say(`koppla ${code}`);
    const eva = new Client(flow.bot, flow.connector, EVA).inGroupChat(chat);
    const [inChat] = await eva.say(`sip ${code}`);
    const evasUrl = calendarUrlOf((await eva.press('sip.invitation.open', actionIn(inChat, 'sip.invitation.open').data)).value);
    expect((await fetch(evasUrl)).status).toBe(200);
    expect((await flow.bot.app.cases.history(TENANT, code, 1))[0]).toMatchObject({ action: 'sip.calendarDownloaded', by: { aadObjectId: EVA.aadObjectId } });
    const stillLinked = (await flow.bot.app.cases.get(TENANT, code))!;
    expect(await flow.bot.app.cases.update(stillLinked, { ...stillLinked.state, linkedChatIds: [], version: stillLinked.state.version + 1 }, [])).not.toBe('conflict');
    expect((await fetch(evasUrl)).status).toBe(404);

    // A coordinator no longer on the case gets nothing from a link made for them.
    const stored = (await flow.bot.app.cases.get(TENANT, code))!;
    const removed = await flow.bot.app.cases.update(stored, { ...stored.state, coordinators: stored.state.coordinators.filter((c) => c.aadObjectId !== BJORN.aadObjectId), version: stored.state.version + 1 }, []);
    expect(removed).not.toBe('conflict');
    expect((await fetch(url)).status).toBe(404);

    // A day later the link has expired, whoever holds it.
    const [annas] = await flow.anna.say(`sip ${code}`);
    const annasUrl = calendarUrlOf((await flow.anna.press('sip.invitation.open', actionIn(annas, 'sip.invitation.open').data)).value);
    expect((await fetch(annasUrl)).status).toBe(200);

    // The store does not answer: the browser gets a plain word to try again, the log the error, neither the store's words nor the link.
    const cases = flow.bot.app.cases;
    const get = cases.get.bind(cases);
    cases.get = async () => {
      throw new Error(`PartitionKey ${TENANT}|${code} timed out`);
    };
    try {
      const down = await fetch(annasUrl);
      expect(down.status).toBe(503);
      const said = await down.text();
      expect(said).toContain('Kalenderfilen kunde inte hämtas just nu. Försök igen om en stund.');
      expect(said).not.toContain('PartitionKey');
    } finally {
      cases.get = get;
    }
    expect(flow.bot.logs.text).toContain('calendar file: the store did not answer');
    expect(flow.bot.logs.text).not.toContain(annasUrl.split('/')[5]!);
    now += 24 * 3600 * 1000;
    const expired = await fetch(annasUrl);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Länken till kalenderfilen har gått ut.');
    expect((await flow.bot.app.cases.history(TENANT, code, 10)).filter((h) => h.action === 'sip.calendarDownloaded').map((h) => h.by.aadObjectId)).toEqual([ANNA.aadObjectId, EVA.aadObjectId, BJORN.aadObjectId, BJORN.aadObjectId]);
  });
});
