import { describe, expect, it } from 'vitest';
import { framesOnly, scrubPath, scrubSpan, scrubUrl, tableOfPath, type ScrubbableSpan } from '../../src/telemetry/scrub';

const CODE = 'SIP-2026-0001';
const TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';

const span = (over: Partial<ScrubbableSpan> & { attributes: ScrubbableSpan['attributes'] }): ScrubbableSpan => ({
  name: 'GET',
  kind: 2,
  events: [],
  status: { code: 0 },
  ...over,
});

describe('scrubUrl', () => {
  it('keeps only the table of a table entity URL: no keys, no query', () => {
    expect(scrubUrl(`https://acct.table.core.windows.net/Cases(PartitionKey='${TENANT}',RowKey='${CODE}')?$select=state`)).toBe('https://acct.table.core.windows.net/Cases');
    expect(scrubUrl(`http://127.0.0.1:10002/devstoreaccount1/e2eCaseIndex(PartitionKey='${TENANT}%7Cuser',RowKey='${CODE}')`)).toBe('http://127.0.0.1:10002/devstoreaccount1/e2eCaseIndex');
    expect(scrubUrl(`https://acct.table.core.windows.net/Reminders()?$filter=PartitionKey%20eq%20'${CODE}'`)).toBe('https://acct.table.core.windows.net/Reminders');
    expect(scrubUrl("https://acct.table.core.windows.net/Tables('Cases')")).toBe('https://acct.table.core.windows.net/Tables');
    expect(scrubUrl('https://acct.table.core.windows.net/$batch')).toBe('https://acct.table.core.windows.net/$batch');
  });

  it('replaces the Bot Connector’s conversation and activity ids', () => {
    expect(scrubUrl('https://smba.trafficmanager.net/emea/v3/conversations/a%3A1xYz-personal_chat/activities/1763887272344')).toBe('https://smba.trafficmanager.net/emea/v3/conversations/{id}/activities/{id}');
    expect(scrubUrl('https://smba.trafficmanager.net/emea/v3/conversations/19%3Aabc%40thread.v2/members/29%3A1abc')).toBe('https://smba.trafficmanager.net/emea/v3/conversations/{id}/members/{id}');
  });

  it('drops credentials and anything that is not a URL', () => {
    expect(scrubUrl('https://user:secret@host.example/api/messages?x=1#f')).toBe('https://host.example/api/messages');
    expect(scrubUrl('not a url')).toBeUndefined();
  });

  it('replaces a case code, a token or a typed word in a path, whatever it looks like', () => {
    expect(scrubPath(`/calendar/${'a'.repeat(250)}`)).toBe('/calendar/{id}');
    expect(scrubPath(`/x/${CODE}/y`)).toBe('/x/{id}/y');
    expect(scrubPath('/x/Smultron%20Blåklint')).toBe('/x/{id}');
    expect(scrubPath('/x/%E0%A4%A')).toBe('/x/{id}');
  });

  it('names the table of a request for the request counter', () => {
    expect(tableOfPath(`/devstoreaccount1/Cases(PartitionKey='a',RowKey='${CODE}')`)).toBe('Cases');
    expect(tableOfPath('/Reminders()')).toBe('Reminders');
    expect(tableOfPath('/')).toBe('');
    expect(tableOfPath('/v3/conversations/a%3Ab')).toBe('');
  });
});

describe('scrubSpan', () => {
  it('keeps where a table call went and how it ended, and drops its keys, query and anything unknown', () => {
    const s = span({
      name: `GET /devstoreaccount1/Cases(PartitionKey='${TENANT}',RowKey='${CODE}')`,
      attributes: {
        'http.request.method': 'GET',
        'url.full': `http://127.0.0.1:10002/devstoreaccount1/Cases(PartitionKey='${TENANT}',RowKey='${CODE}')?$select=x`,
        'url.query': `$filter=RowKey eq '${CODE}'`,
        'server.address': '127.0.0.1',
        'http.response.status_code': 200,
        'user_agent.original': 'azsdk-js-data-tables/13.3.2',
        'db.query.text': `RowKey eq '${CODE}'`,
        'samordning.turn.name': 'case.create',
      },
    });
    scrubSpan(s);
    expect(s.name).toBe('GET /devstoreaccount1/Cases');
    expect(s.attributes).toEqual({
      'http.request.method': 'GET',
      'url.full': 'http://127.0.0.1:10002/devstoreaccount1/Cases',
      'server.address': '127.0.0.1',
      'http.response.status_code': 200,
      'samordning.turn.name': 'case.create',
    });
    expect(JSON.stringify(s)).not.toContain(CODE);
  });

  it('names an incoming request by its scrubbed path and drops the client’s address and agent', () => {
    const s = span({
      name: 'GET',
      kind: 1,
      attributes: { 'http.request.method': 'GET', 'url.path': `/calendar/${'t'.repeat(260)}`, 'client.address': '10.1.2.3', 'user_agent.original': 'Mozilla/5.0', 'url.query': 'a=b' },
    });
    scrubSpan(s);
    expect(s.attributes).toEqual({ 'http.request.method': 'GET', 'url.path': '/calendar/{id}', 'http.route': '/calendar/{id}' });
  });

  it('leaves an exception its type and frames: no message, which may echo what a user typed', () => {
    const message = `Invalid input: "${CODE} 19121212-1212"`;
    const s = span({
      name: 'turn invoke case.create',
      kind: 0,
      status: { code: 2, message },
      attributes: {},
      events: [{ name: 'exception', attributes: { 'exception.type': 'ZodError', 'exception.message': message, 'exception.stacktrace': `ZodError: ${message}\n  more of it\n    at parse (file.js:1:2)\n    at run (file.js:3:4)`, 'exception.escaped': false } }],
    });
    scrubSpan(s);
    expect(s.status).toEqual({ code: 2 });
    expect(s.events[0]?.attributes).toEqual({ 'exception.type': 'ZodError', 'exception.message': 'ZodError', 'exception.stacktrace': '    at parse (file.js:1:2)\n    at run (file.js:3:4)' });
    expect(JSON.stringify(s)).not.toMatch(/SIP-2026|19121212/);
  });

  it('does not take a thrown string for an exception type', () => {
    const s = span({ attributes: {}, events: [{ name: 'exception', attributes: { 'exception.type': 'Kalle Persson 19121212-1212' } }] });
    scrubSpan(s);
    expect(s.events[0]?.attributes).toEqual({ 'exception.type': 'Error', 'exception.message': 'Error' });
  });

  it('is idempotent, as it runs both when a span ends and after', () => {
    const s = span({ attributes: { 'url.full': `https://h/Cases(PartitionKey='a',RowKey='${CODE}')` } });
    scrubSpan(s);
    const once = JSON.stringify(s);
    scrubSpan(s);
    expect(JSON.stringify(s)).toBe(once);
  });

  it('keeps the frames of a stack only', () => {
    expect(framesOnly('Error: Kalle\n    at a (b:1:1)')).toBe('    at a (b:1:1)');
  });
});
