import type { PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { StorageUnavailableError, outsideTurnBudget, storageDeadlinePolicy, withStorageBudget } from '../../src/storage/storage-deadline';

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

  it('outside a turn leaves the request\'s own signal alone, and adds none', async () => {
    expect((await through(requestWith({}))).abortSignal).toBeUndefined();
    const own = new AbortController();
    expect((await through(requestWith({ abortSignal: own.signal }))).abortSignal).toBe(own.signal);
  });

  it('inside a turn binds the request to the turn\'s deadline, together with its own signal', async () => {
    const own = new AbortController();
    const [bare, combined] = await withStorageBudget(60_000, async () => [await through(requestWith({})), await through(requestWith({ abortSignal: own.signal }))]);
    expect(bare!.abortSignal).toBeDefined();
    expect(bare!.abortSignal!.aborted).toBe(false);
    // The combined signal follows the request's own one…
    expect(combined!.abortSignal).not.toBe(own.signal);
    expect(combined!.abortSignal!.aborted).toBe(false);
    own.abort();
    expect(combined!.abortSignal!.aborted).toBe(true);
    // …and the turn's: the budget running out aborts a request in flight that has its own signal too.
    const other = new AbortController();
    let inFlight: PipelineRequest | undefined;
    await withStorageBudget(30, () =>
      storageDeadlinePolicy(2000).sendRequest(requestWith({ abortSignal: other.signal }), async (r) => {
        inFlight = r;
        await new Promise((resolve) => setTimeout(resolve, 60));
        return OK;
      }),
    );
    expect(other.signal.aborted).toBe(false);
    expect(inFlight!.abortSignal!.aborted).toBe(true);
  });

  it('leaves work outside the turn unbound, even when started inside it', async () => {
    const seen = await withStorageBudget(1, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return outsideTurnBudget(() => through(requestWith({})));
    });
    expect(seen.abortSignal).toBeUndefined();
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

  it('sends nothing once the turn\'s budget is spent, and says so for certain', async () => {
    let sent = 0;
    const next: SendRequest = async () => {
      sent++;
      return OK;
    };
    const err = await withStorageBudget(1, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return storageDeadlinePolicy(2000)
        .sendRequest(requestWith({ method: 'POST' }), next)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
    });
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
