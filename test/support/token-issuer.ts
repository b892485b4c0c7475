import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';

export const CHANNEL_ISSUER = 'https://api.botframework.com';

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

export interface TokenParts {
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
}

/**
 * Stands in for login.botframework.com: an RSA key pair made here, its public half published as
 * OpenID metadata and a JWKS on a loopback port, so tokens can be signed the way the Bot
 * Framework signs them, and forged every way an attacker might, without any network.
 */
export class TokenIssuer {
  readonly keyId = 'test-key-1';
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Requests the metadata server answered, by path. */
  readonly served: string[] = [];
  private server: Server | undefined;
  private base = '';

  constructor(private readonly endorsements: readonly string[] = ['msteams']) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  get channelMetadataUrl(): string {
    return `${this.base}/channel/.well-known/openidconfiguration`;
  }

  /** Emulator and skill tokens look here; it publishes no keys, so none of them is ever trusted. */
  get emulatorMetadataUrl(): string {
    return `${this.base}/emulator/.well-known/openid-configuration`;
  }

  async start(): Promise<this> {
    const jwk = this.publicKey.export({ format: 'jwk' });
    this.server = createServer((req, res) => {
      const path = req.url ?? '';
      this.served.push(path);
      const send = (body: unknown): void => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      };
      if (path === '/channel/.well-known/openidconfiguration') send({ issuer: CHANNEL_ISSUER, jwks_uri: `${this.base}/channel/keys` });
      else if (path === '/channel/keys') send({ keys: [{ kty: 'RSA', use: 'sig', kid: this.keyId, n: jwk.n, e: jwk.e, endorsements: this.endorsements }] });
      else if (path === '/emulator/.well-known/openid-configuration') send({ issuer: 'https://login.microsoftonline.com/', jwks_uri: `${this.base}/emulator/keys` });
      else if (path === '/emulator/keys') send({ keys: [] });
      else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    // node-fetch keeps the key fetch's connection open; closing must not wait for it.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The claims the Bot Framework puts in a token for this bot, valid for an hour from now. */
  claimsFor(appId: string, serviceUrl: string): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return { iss: CHANNEL_ISSUER, aud: appId, serviceurl: serviceUrl, serviceUrl, nbf: now - 60, iat: now - 60, exp: now + 3600 };
  }

  /** A token signed with this issuer's key (or `key`), RS256 unless the header says otherwise. */
  rs256(parts: TokenParts, key: KeyObject = this.privateKey, hash = 'sha256'): string {
    const input = signingInput({ alg: 'RS256', typ: 'JWT', kid: this.keyId, ...parts.header }, parts.claims);
    return `${input}.${b64url(sign(hash, Buffer.from(input), key))}`;
  }

  /** A token with an HMAC signature keyed by `secret`: the algorithm-confusion forgery. */
  hs256(parts: TokenParts, secret: string | Buffer): string {
    const input = signingInput({ alg: 'HS256', typ: 'JWT', kid: this.keyId, ...parts.header }, parts.claims);
    return `${input}.${b64url(createHmac('sha256', secret).update(input).digest())}`;
  }

  /** An unsigned token (`alg: none`). */
  unsigned(parts: TokenParts): string {
    return `${signingInput({ alg: 'none', typ: 'JWT', kid: this.keyId, ...parts.header }, parts.claims)}.`;
  }

  publicKeyPem(): string {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }
}

function signingInput(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
}

/** A key pair the issuer does not publish: what an attacker signs with. */
export function attackerKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

/**
 * The bot's own credential check (is this our app id?) with outgoing calls signed by a fixed
 * token instead of one asked from Entra ID, which a test cannot reach.
 */
export class OfflineCredentials extends ConfigurationServiceClientCredentialFactory {
  constructor(
    config: ConstructorParameters<typeof ConfigurationServiceClientCredentialFactory>[0],
    /** What outgoing calls carry as their bearer token: a test with several registrations tells them apart by it. */
    private readonly token = 'outgoing-test-token',
  ) {
    super(config);
  }

  override createCredentials(): ReturnType<ConfigurationServiceClientCredentialFactory['createCredentials']> {
    const token = this.token;
    const credentials = {
      async signRequest<T extends { headers: { set(name: string, value: string): void } }>(request: T): Promise<T> {
        request.headers.set('authorization', `Bearer ${token}`);
        return request;
      },
    };
    return Promise.resolve(credentials as unknown as Awaited<ReturnType<ConfigurationServiceClientCredentialFactory['createCredentials']>>);
  }
}
