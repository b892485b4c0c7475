import type { Activity } from 'botbuilder';
import { AuthenticationConstants, BotFrameworkAuthentication, JwtTokenValidation, type ClaimsIdentity, type ConnectorFactory, type UserTokenClient } from 'botframework-connector';
import type { BotCredentials } from '../config/config';
import type { Logger } from '../logging/logger';
import { RequestNotAuthenticated, type BotAuthentication } from './bot-authentication';
import { tenantIdOf } from './tenant-of';

type AuthenticateRequestResult = Awaited<ReturnType<BotFrameworkAuthentication['authenticateRequest']>>;

export interface RoutedRegistration {
  readonly credentials: BotCredentials;
  readonly auth: BotAuthentication;
}

/**
 * One endpoint for several bot registrations, one per tenant. A request is authenticated by the
 * registration its token was issued for (the token's audience, read before the signature is
 * checked only to choose; that registration then checks everything), and the tenant the activity
 * names must be that registration's tenant: a token for tenant B's bot cannot carry an activity
 * that says it comes from tenant A. Outgoing calls (replies, proactive messages) are signed by
 * the registration the turn's claims name, which for a proactive turn is the app id it was
 * started with. The Microsoft 365 Agents SDK routes its connections by audience the same way.
 */
export class RegistrationRouter extends BotFrameworkAuthentication {
  private readonly byAppId: ReadonlyMap<string, RoutedRegistration>;

  constructor(
    private readonly registrations: readonly RoutedRegistration[],
    private readonly logger: Logger,
  ) {
    super();
    this.byAppId = new Map(registrations.map((r) => [r.credentials.appId.toLowerCase(), r]));
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    // A token for none of them goes to the first, which refuses it as it refuses any bad token.
    const registration = this.byAppId.get(audienceOf(authHeader) ?? '') ?? this.registrations[0]!;
    const result = await registration.auth.authenticateRequest(activity, authHeader);
    // A MultiTenant registration serves any tenant (ALLOWED_TENANT_IDS is its gate), whatever tenant id it names.
    const tenant = registration.credentials.appType === 'MultiTenant' ? undefined : registration.credentials.tenantId;
    if (tenant !== undefined && tenantIdOf(activity) !== tenant) {
      this.logger.warn({ reason: 'tenant-not-of-registration', appId: registration.credentials.appId }, 'request refused: the activity names another tenant than the registration its token is for');
      throw new RequestNotAuthenticated();
    }
    return result;
  }

  override authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    // Teams does not stream to a bot over HTTP; nothing here opens a streaming endpoint.
    return Promise.reject(new RequestNotAuthenticated());
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.registrationOf(claimsIdentity).auth.createConnectorFactory(claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.registrationOf(claimsIdentity).auth.createUserTokenClient(claimsIdentity);
  }

  override getOriginatingAudience(): string {
    return this.registrations[0]!.auth.getOriginatingAudience();
  }

  private registrationOf(claimsIdentity: ClaimsIdentity): RoutedRegistration {
    const appId = claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) || JwtTokenValidation.getAppIdFromClaims(claimsIdentity.claims) || '';
    const registration = this.byAppId.get(appId.toLowerCase());
    // A turn always starts from a registration found above or from appIdFor; anything else is a bug.
    if (registration === undefined) throw new Error('no bot registration for the turn’s app id');
    return registration;
  }
}

/** The `aud` of a bearer token, unverified: only to choose which registration verifies it. */
function audienceOf(authHeader: string): string | undefined {
  const token = /^Bearer\s+([^\s]+)$/i.exec(authHeader.trim())?.[1];
  const payload = token?.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { aud?: unknown };
    return typeof claims.aud === 'string' ? claims.aud.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
