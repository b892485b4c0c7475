import { AsyncLocalStorage } from 'node:async_hooks';
import type { TableServiceClientOptions } from '@azure/data-tables';

/** The SDK's pipeline policy type, taken from the tables package so it needs no import of its own. */
type PipelinePolicy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];

/**
 * Thrown by every table call that could not be answered in time or could not reach the store at
 * all. Its own type so the edge can tell the user that the storage is not answering, instead of
 * the catch-all internal error, without looking into the SDK's error shapes.
 */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  constructor(
    cause: unknown,
    /**
     * A request that changes data went out and its answer did not come back: the store may have
     * made the change. False when nothing was sent, or only reads were.
     */
    readonly mayHaveWritten = false,
  ) {
    super('table storage did not answer in time', { cause });
  }
}

/** The deadline of the turn being handled, shared by every table call the turn makes. */
const turnDeadline = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs one turn with a budget for all its table calls together, retries included: when it runs
 * out, calls in flight are cancelled and new ones fail at once.
 */
export function withStorageBudget<T>(budgetMs: number, turn: () => Promise<T>): Promise<T> {
  return turnDeadline.run(AbortSignal.timeout(budgetMs), turn);
}

/**
 * Runs work that outlives the turn (sent after the answer) without the turn's budget: it would
 * otherwise be cancelled the moment the turn's deadline passes.
 */
export function outsideTurnBudget<T>(work: () => T): T {
  return turnDeadline.exit(work);
}

/** Errors that mean the store did not answer, as opposed to answering with an error. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'REQUEST_SEND_ERROR']);
/** Requests that only read. */
const READS = new Set(['GET', 'HEAD']);

function isUnanswered(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { name, code } = err as { name?: unknown; code?: unknown };
  return name === 'AbortError' || (typeof code === 'string' && UNREACHABLE.has(code));
}

/**
 * A per-call pipeline policy: each try gets `requestTimeoutMs`, the whole call (the SDK's retries
 * included, which sit after this policy) is bound to the turn's deadline when there is one, and
 * a call that ends unanswered becomes a StorageUnavailableError.
 */
export function storageDeadlinePolicy(requestTimeoutMs: number): PipelinePolicy {
  return {
    name: 'storageDeadline',
    async sendRequest(request, next) {
      if (request.timeout === 0 || request.timeout > requestTimeoutMs) request.timeout = requestTimeoutMs;
      const turn = turnDeadline.getStore();
      if (turn !== undefined) {
        // A spent budget sends nothing more: the answer can say for certain that this was not written.
        if (turn.aborted) throw new StorageUnavailableError(turn.reason, false);
        request.abortSignal = request.abortSignal === undefined ? turn : AbortSignal.any([request.abortSignal as AbortSignal, turn]);
      }
      try {
        return await next(request);
      } catch (err) {
        // A write that failed unanswered may have landed: the SDK's retries sit inside `next`, so
        // even a final "connection refused" can follow a try that reached the store and timed out.
        if (isUnanswered(err)) throw new StorageUnavailableError(err, !READS.has(request.method));
        throw err;
      }
    },
  };
}
