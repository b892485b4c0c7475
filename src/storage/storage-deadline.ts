import type {
  DeleteTableEntityOptions,
  GetTableEntityOptions,
  ListTableEntitiesOptions,
  TableClient,
  TableEntity,
  TableServiceClientOptions,
  TransactionAction,
  UpdateMode,
  UpdateTableEntityOptions,
} from '@azure/data-tables';

/** The SDK's pipeline policy type, taken from the tables package so it needs no import of its own. */
export type PipelinePolicy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];

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

/** The SDK's options for a plain call; not exported by the tables package itself. */
type OperationOptions = NonNullable<Parameters<TableClient['createEntity']>[1]>;

/** The table operations the repositories use; a TableClient is one, and so is a view bound to a turn. */
export type TablePort = Pick<TableClient, 'getEntity' | 'listEntities' | 'createEntity' | 'updateEntity' | 'upsertEntity' | 'deleteEntity' | 'submitTransaction'>;

/**
 * A view of a table whose every call, retries included, is bound to a turn's deadline: when the
 * turn's budget runs out, calls in flight are cancelled and new ones fail at once without being
 * sent. The signal is handed over explicitly rather than found through AsyncLocalStorage, whose
 * promise hooks on Node 20 tax every await of every request (about a fifth of a tick's CPU).
 */
export function boundTable(table: TablePort, signal: AbortSignal): TablePort {
  const bound = <O extends { abortSignal?: unknown }>(options: O | undefined): O => {
    const own = options?.abortSignal as AbortSignal | undefined;
    return { ...options, abortSignal: own === undefined ? signal : AbortSignal.any([own, signal]) } as O;
  };
  return {
    getEntity: <T extends object = Record<string, unknown>>(pk: string, rk: string, options?: GetTableEntityOptions) => table.getEntity<T>(pk, rk, bound(options)),
    listEntities: <T extends object = Record<string, unknown>>(options?: ListTableEntitiesOptions) => table.listEntities<T>(bound(options)),
    createEntity: <T extends object>(entity: TableEntity<T>, options?: OperationOptions) => table.createEntity<T>(entity, bound(options)),
    updateEntity: <T extends object>(entity: TableEntity<T>, mode?: UpdateMode, options?: UpdateTableEntityOptions) => table.updateEntity<T>(entity, mode, bound(options)),
    upsertEntity: <T extends object>(entity: TableEntity<T>, mode?: UpdateMode, options?: OperationOptions) => table.upsertEntity<T>(entity, mode, bound(options)),
    deleteEntity: (pk: string, rk: string, options?: DeleteTableEntityOptions) => table.deleteEntity(pk, rk, bound(options)),
    submitTransaction: (actions: TransactionAction[], options?: OperationOptions) => table.submitTransaction(actions, bound(options)),
  };
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
 * A per-call pipeline policy: each try gets `requestTimeoutMs`, and a call that ends unanswered
 * (its own timeouts, or the turn's deadline carried by its abort signal; the SDK's retries sit
 * after this policy) becomes a StorageUnavailableError.
 */
export function storageDeadlinePolicy(requestTimeoutMs: number): PipelinePolicy {
  return {
    name: 'storageDeadline',
    async sendRequest(request, next) {
      if (request.timeout === 0 || request.timeout > requestTimeoutMs) request.timeout = requestTimeoutMs;
      // A spent budget sends nothing more: the answer can say for certain that this was not written.
      if (request.abortSignal?.aborted === true) throw new StorageUnavailableError((request.abortSignal as AbortSignal).reason, false);
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
