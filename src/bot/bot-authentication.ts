import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import type { Logger } from '../logging/logger';

type Options = ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0];
export type CredentialsFactory = ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1];
type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

export const SIGNING_KEYS_UNAVAILABLE = 'Bot Framework signing keys could not be fetched; the request was refused';

/** Every failed authentication, whatever the reason: the route answers it with a bare 401. */
export class RequestNotAuthenticated extends Error {
  constructor() {
    super('the request is not authenticated');
    this.name = 'RequestNotAuthenticated';
  }
}

/** jsonwebtoken's errors for a token that is malformed, badly signed, not yet or no longer valid. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

type Failure = 'token' | 'keys' | 'unexpected';

function failureOf(err: unknown): Failure {
  if (!(err instanceof Error)) return 'unexpected';
  const status = (err as { statusCode?: unknown }).statusCode;
  if (TOKEN_ERRORS.has(err.name) || status === 401 || status === 403) return 'token';
  // node-fetch's FetchError (no connection, bad JSON), or botbuilder's AuthenticationError with
  // status 500 when the OpenID metadata or the key set answers with an error.
  if (err.name === 'FetchError' || err.name === 'AbortError' || (typeof status === 'number' && status >= 500)) return 'keys';
  return 'unexpected';
}

/**
 * Bot Framework authentication whose every failure is one RequestNotAuthenticated. botbuilder
 * lets jsonwebtoken's errors (alg none, HS256, a bad signature, nbf ahead) and a failed key
 * fetch escape as plain errors, which CloudAdapter answers with 500 and the library's message;
 * here they are all a refusal, and only what the operator must act on is logged loudly: the
 * signing keys being out of reach. Nothing from the token or the error message is logged, since
 * both can carry what the sender wrote.
 */
export class BotAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    options: Options,
    credentialsFactory: CredentialsFactory,
    private readonly logger: Logger,
  ) {
    super(options, credentialsFactory);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (err) {
      this.logRefusal(err);
      throw new RequestNotAuthenticated();
    }
  }

  private logRefusal(err: unknown): void {
    const failure = failureOf(err);
    const cause = err instanceof Error ? { errorType: err.name, errorCode: (err as { code?: unknown }).code, statusCode: (err as { statusCode?: unknown }).statusCode } : {};
    if (failure === 'keys') this.logger.error({ ...cause, reason: 'signing-keys-unavailable' }, SIGNING_KEYS_UNAVAILABLE);
    else if (failure === 'unexpected') this.logger.error({ ...cause, reason: 'validation-failed' }, 'Bot Framework token validation failed unexpectedly; the request was refused');
    else this.logger.info({ errorType: cause.errorType, reason: 'token-not-valid' }, 'request refused: Bot Framework token missing or not valid');
  }
}
