import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import type { StorageConfig } from '../config/config';
import type { StoreTarget } from './table-store';

/** The configured store as TableStore reaches it; the embedded one is started elsewhere. */
export function storeTarget(storage: Exclude<StorageConfig, { kind: 'embedded' }>): StoreTarget {
  if (storage.kind === 'connectionString') return storage.connectionString;
  return {
    url: storage.url,
    // With a client id: exactly that user-assigned identity, which is what the deployment
    // attaches, and never another one the host happens to offer. Without one, the default chain
    // rather than only the system-assigned identity, so a developer signed in with `az login`
    // can reach a real account, and a web app with a system-assigned identity still works (the
    // chain ends on the managed identity there).
    credential: storage.clientId !== undefined ? new ManagedIdentityCredential({ clientId: storage.clientId }) : new DefaultAzureCredential(),
  };
}

/**
 * What an operator should do when the store refused or could not be reached at start. Says which
 * setting to look at and, for the keyless store, which role is missing; it never repeats a
 * connection string or anything from a token.
 */
export function storageFailureHint(storage: StorageConfig, err: unknown): string {
  const failure = describe(err);
  if (storage.kind === 'accountUrl') {
    const who = storage.clientId !== undefined ? `the managed identity with client id ${storage.clientId} (AZURE_CLIENT_ID)` : 'the bot’s Entra identity';
    if (failure.credential) {
      return storage.clientId !== undefined
        ? `No token for table storage from ${who}: check that this user-assigned identity is attached to the web app and that AZURE_CLIENT_ID is its client id, not its object id.`
        : 'No token for table storage: in Azure, attach a managed identity to the web app (and set AZURE_CLIENT_ID for a user-assigned one); on a developer machine, sign in with `az login`.';
    }
    if (failure.status === 403 && failure.code === 'AuthenticationFailed') {
      return `Table storage at ${storage.url} did not accept the token of ${who}: check that the account is in the identity’s tenant.`;
    }
    if (failure.status === 403) {
      return `Table storage at ${storage.url} refused ${who}: give it the role Storage Table Data Contributor on the storage account (a new assignment can take a few minutes to apply), and check the account’s network rules.`;
    }
    if (failure.status === 401) return `Table storage at ${storage.url} did not accept the token of ${who}.`;
    return `Table storage did not answer: check STORAGE_ACCOUNT_URL (${storage.url}, the Tables endpoint) and that the account is reachable.`;
  }
  if (storage.kind === 'connectionString' && failure.status === 403) {
    return 'Table storage refused the request: check the account key in STORAGE_CONNECTION_STRING (or use STORAGE_ACCOUNT_URL with a managed identity instead).';
  }
  if (storage.kind === 'embedded') return 'The embedded table storage (Azurite) did not answer: check DATA_DIR and the log beside it.';
  return 'Table storage did not answer: check STORAGE_CONNECTION_STRING and that the account is reachable.';
}

/** The HTTP status and storage error code of a failed table call, or whether getting a token failed, through any causes. */
function describe(err: unknown): { status: number | undefined; code: string | undefined; credential: boolean } {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    // @azure/identity's errors by name: a chained credential wraps each of its members' errors.
    if (['CredentialUnavailableError', 'AuthenticationError', 'AggregateAuthenticationError'].includes(e.name)) return { status: undefined, code: undefined, credential: true };
    const { statusCode, code, response } = e as Error & { statusCode?: unknown; code?: unknown; response?: { headers?: { get?(name: string): string | undefined } } };
    if (typeof statusCode === 'number') {
      // The header is there whatever the body's format; the SDK finds no code in a Tables error body.
      const header = response?.headers?.get?.('x-ms-error-code');
      return { status: statusCode, code: header ?? (typeof code === 'string' ? code : undefined), credential: false };
    }
  }
  return { status: undefined, code: undefined, credential: false };
}
