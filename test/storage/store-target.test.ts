import { RestError, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { CredentialUnavailableError, DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import type { StorageConfig } from '../../src/config/config';
import { storageFailureHint, storeTarget } from '../../src/storage/store-target';
import { TABLES, TableStore } from '../../src/storage/table-store';

// The keyless store against Azurite with OAuth, through the built bot, is test/e2e/keyless-store.e2e.ts.

const CLIENT_ID = '3f7c1a2b-9d4e-4c6f-8a1b-2c3d4e5f6a7b';
const URL = 'https://samordning.table.core.windows.net';
const CONNECTION_STRING = 'DefaultEndpointsProtocol=https;AccountName=samordning;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net';
const userAssigned: StorageConfig = { kind: 'accountUrl', url: URL, clientId: CLIENT_ID };
const keyed: StorageConfig = { kind: 'connectionString', connectionString: CONNECTION_STRING };

/** What a table call throws when the store answers with this status and storage error code. */
const refused = (status: number, code: string): RestError =>
  new RestError('<?xml version="1.0"?><Error>…</Error>', {
    statusCode: status,
    response: { status, headers: createHttpHeaders({ 'x-ms-error-code': code }), request: createPipelineRequest({ url: `${URL}/Tables` }) },
  });

describe('storeTarget', () => {
  it('hands a connection string on as it is', () => {
    expect(storeTarget(keyed)).toBe(CONNECTION_STRING);
  });

  it('reaches the Tables endpoint as the user-assigned identity whose client id is configured', () => {
    const target = storeTarget(userAssigned);
    if (typeof target === 'string') throw new Error('expected a keyless target');
    expect(target.url).toBe(URL);
    expect(target.credential).toBeInstanceOf(ManagedIdentityCredential);
    expect((target.credential as unknown as { clientId: unknown }).clientId).toBe(CLIENT_ID);
  });

  it('without a client id uses the default chain (az login on a developer machine, a system-assigned identity in Azure)', () => {
    const target = storeTarget({ kind: 'accountUrl', url: URL, clientId: undefined });
    if (typeof target === 'string') throw new Error('expected a keyless target');
    expect(target.credential).toBeInstanceOf(DefaultAzureCredential);
  });
});

describe('TableStore with a credential', () => {
  it('names its tables on the endpoint and never sends a token over plain http', async () => {
    let asked = 0;
    const credential: TokenCredential = { getToken: () => Promise.resolve({ token: `t${++asked}`, expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const store = new TableStore({ url: URL, credential }, 'p');
    expect([store.client(TABLES.cases).url, store.client(TABLES.cases).tableName]).toEqual([URL, 'pCases']);
    await expect(new TableStore({ url: 'http://127.0.0.1:9/devstoreaccount1', credential }).ping(1000)).rejects.toThrow('not permitted for non-TLS');
    expect(asked).toBe(0);
  });
});

describe('storageFailureHint', () => {
  it('names the missing role when the store refuses the identity', () => {
    const hint = storageFailureHint(userAssigned, refused(403, 'AuthorizationPermissionMismatch'));
    expect(hint).toContain('Storage Table Data Contributor');
    expect(hint).toContain(`client id ${CLIENT_ID} (AZURE_CLIENT_ID)`);
  });

  it('tells a token the store does not accept from a missing role', () => {
    const hint = storageFailureHint(userAssigned, refused(403, 'AuthenticationFailed'));
    expect(hint).toContain('did not accept the token');
    expect(hint).not.toContain('Storage Table Data Contributor');
  });

  it('says where the token should have come from when there was none', () => {
    const wrapped = new Error('table storage did not answer in time', { cause: new CredentialUnavailableError('ManagedIdentityCredential: no endpoint') });
    expect(storageFailureHint(userAssigned, wrapped)).toContain('No token for table storage from the managed identity with client id');
    expect(storageFailureHint({ kind: 'accountUrl', url: URL, clientId: undefined }, wrapped)).toContain('az login');
  });

  it('points at the endpoint when nothing answered, and at the key of a connection string without repeating it', () => {
    expect(storageFailureHint(userAssigned, new Error('connect ECONNREFUSED'))).toContain(`check STORAGE_ACCOUNT_URL (${URL}`);
    const hint = storageFailureHint(keyed, refused(403, 'AuthenticationFailed'));
    expect(hint).toContain('account key in STORAGE_CONNECTION_STRING');
    expect(hint).not.toContain('AccountKey');
    expect(storageFailureHint(keyed, new Error('connect ECONNREFUSED'))).toBe('Table storage did not answer: check STORAGE_CONNECTION_STRING and that the account is reachable.');
  });
});
