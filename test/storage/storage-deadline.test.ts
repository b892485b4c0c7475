import type { PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import type { TableClient } from '@azure/data-tables';
import { StorageUnavailableError, boundTable, storageDeadlinePolicy, type TablePort } from '../../src/storage/storage-deadline';

/*
 * The deadline policy on its own, with a request and a `next` the test controls: what each try
 * is given, which signal it carries, and which failures become "the storage is not answering".
 * The whole path (a silent store, the user's Swedish answer) is test/http/storage-deadline.test.ts.
 */

const OK = {} as PipelineResponse;
const requestWith = (fields: Partial<PipelineRequest>): PipelineRequest => ({ timeout: 0, ...fields }) as PipelineRequest;

/** Sends one request through the policy; returns the request as `next` saw it. */
async function through(request: PipelineRequest, limitMs = 2000): Promise<PipelineRequest> {
  let seen: PipelineRequest | undefined;
  const next: SendRequest = async (r) => {
    seen = r;
    return OK;
  };
  await storageDeadlinePolicy(limitMs).sendRequest(request, next);
  return seen!;
}

/** What the policy makes of an error `next` throws. */
async function outcomeOf(thrown: unknown): Promise<unknown> {
  const next: SendRequest = () => Promise.reject(thrown);
  try {
    await storageDeadlinePolicy(2000).sendRequest(requestWith({}), next);
  } catch (err) {
    return err;
  }
  throw new Error('the policy did not throw');
}

describe('storageDeadlinePolicy', () => {
  it('is named, so it shows as itself in the pipeline', () => {
    expect(storageDeadlinePolicy(2000).name).toBe('storageDeadline');
  });

  it('gives each try the limit when it had none or a longer one, and keeps a shorter one', async () => {
    expect((await through(requestWith({ timeout: 0 }), 2000)).timeout).toBe(2000);
    expect((await through(requestWith({ timeout: 60_000 }), 2000)).timeout).toBe(2000);
    expect((await through(requestWith({ timeout: 2001 }), 2000)).timeout).toBe(2000);
    expect((await through(requestWith({ timeout: 1999 }), 2000)).timeout).toBe(1999);
    expect((await through(requestWith({ timeout: 500 }), 2000)).timeout).toBe(500);
  });

  it('passes the request\'s own signal (a turn\'s deadline, bound by boundTable) through as it is, and adds none of its own', async () => {
    expect((await through(requestWith({}))).abortSignal).toBeUndefined();
    const own = new AbortController();
    expect((await through(requestWith({ abortSignal: own.signal }))).abortSignal).toBe(own.signal);
  });

  it('turns a try that went unanswered into StorageUnavailableError, with the cause kept', async () => {
    for (const thrown of [Object.assign(new Error('aborted'), { name: 'AbortError' }), Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), Object.assign(new Error('sent'), { code: 'REQUEST_SEND_ERROR' })]) {
      const err = await outcomeOf(thrown);
      expect(err).toBeInstanceOf(StorageUnavailableError);
      expect(err).toMatchObject({ name: 'StorageUnavailableError', message: 'table storage did not answer in time', cause: thrown });
    }
  });

  it('says a write may have landed when its answer did not come, and a read that it changed nothing', async () => {
    const timedOut = Object.assign(new Error('aborted'), { name: 'AbortError' });
    const fail: SendRequest = () => Promise.reject(timedOut);
    const thrownFor = async (method: PipelineRequest['method']): Promise<unknown> =>
      storageDeadlinePolicy(2000)
        .sendRequest(requestWith({ method }), fail)
        .then(
          () => undefined,
          (err: unknown) => err,
        );
    for (const method of ['GET', 'HEAD'] as const) expect(await thrownFor(method)).toMatchObject({ mayHaveWritten: false });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) expect(await thrownFor(method)).toMatchObject({ mayHaveWritten: true });
  });

  it('sends nothing once the request\'s signal has fired (a spent turn budget), and says so for certain', async () => {
    let sent = 0;
    const next: SendRequest = async () => {
      sent++;
      return OK;
    };
    const err = await storageDeadlinePolicy(2000)
      .sendRequest(requestWith({ method: 'POST', abortSignal: AbortSignal.abort() }), next)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(StorageUnavailableError);
    expect(err).toMatchObject({ mayHaveWritten: false });
    expect(sent).toBe(0);
  });

  it('passes on, as it was, an answer that is an error and whatever else a library throws', async () => {
    const answered = Object.assign(new Error('conflict'), { statusCode: 409, code: 'EntityAlreadyExists' });
    const numbered = Object.assign(new Error('odd'), { code: 104 });
    for (const thrown of [answered, numbered, null, undefined, 'ECONNREFUSED', 42]) {
      expect(await outcomeOf(thrown)).toBe(thrown);
    }
  });
});

describe('boundTable', () => {
  /** A table that records the options each call was given, in the SDK's argument order. */
  function recording(): { table: TablePort; options: Map<string, { abortSignal?: AbortSignal; etag?: string }> } {
    const options = new Map<string, { abortSignal?: AbortSignal; etag?: string }>();
    const at = (name: string, i: number) => (...args: unknown[]) => {
      options.set(name, args[i] as { abortSignal?: AbortSignal });
      return Promise.resolve({});
    };
    const table = {
      getEntity: at('getEntity', 2),
      listEntities: (o: unknown) => {
        options.set('listEntities', o as { abortSignal?: AbortSignal });
        return { async *[Symbol.asyncIterator]() {} };
      },
      createEntity: at('createEntity', 1),
      updateEntity: at('updateEntity', 2),
      upsertEntity: at('upsertEntity', 2),
      deleteEntity: at('deleteEntity', 2),
      submitTransaction: at('submitTransaction', 1),
    } as unknown as TableClient;
    return { table, options };
  }

  const callEach = async (t: TablePort, withOwn?: { abortSignal: AbortSignal; etag: string }) => {
    await t.getEntity('p', 'r', withOwn);
    for await (const _ of t.listEntities(withOwn)) void _;
    await t.createEntity({ partitionKey: 'p', rowKey: 'r' }, withOwn);
    await t.updateEntity({ partitionKey: 'p', rowKey: 'r' }, 'Replace', withOwn);
    await t.upsertEntity({ partitionKey: 'p', rowKey: 'r' }, 'Replace', withOwn);
    await t.deleteEntity('p', 'r', withOwn);
    await t.submitTransaction([], withOwn);
  };
  const METHODS = ['getEntity', 'listEntities', 'createEntity', 'updateEntity', 'upsertEntity', 'deleteEntity', 'submitTransaction'];

  it('hands the turn\'s signal to every call, retries included, where the SDK takes its options', async () => {
    const { table, options } = recording();
    const turn = new AbortController();
    await callEach(boundTable(table, turn.signal));
    expect([...options.keys()].sort()).toEqual([...METHODS].sort());
    for (const [name, o] of options) expect(o.abortSignal, name).toBe(turn.signal);
  });

  it('keeps the caller\'s own options, and its own signal together with the turn\'s', async () => {
    const { table, options } = recording();
    const turn = new AbortController();
    const own = new AbortController();
    await callEach(boundTable(table, turn.signal), { abortSignal: own.signal, etag: 'W/"1"' });
    for (const [name, o] of options) {
      expect(o.etag, name).toBe('W/"1"');
      expect(o.abortSignal!.aborted, name).toBe(false);
    }
    own.abort();
    for (const [name, o] of options) expect(o.abortSignal!.aborted, name).toBe(true);

    const again = recording();
    const turn2 = new AbortController();
    await callEach(boundTable(again.table, turn2.signal), { abortSignal: new AbortController().signal, etag: 'W/"1"' });
    turn2.abort();
    for (const [name, o] of again.options) expect(o.abortSignal!.aborted, name).toBe(true);
  });

  it('leaves the table it wraps unbound: calls made on it directly carry no signal', async () => {
    const { table, options } = recording();
    boundTable(table, AbortSignal.abort());
    await callEach(table);
    for (const [name, o] of options) expect(o?.abortSignal, name).toBeUndefined();
  });
});
