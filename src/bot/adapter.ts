import { CallerIdConstants, CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { BotCredentials } from '../config/config';
import { userErrorText } from '../i18n/errors';
import { asUserError } from './user-error-of';
import type { LocaleResolver } from '../i18n/locale';
import type { Logger } from '../logging/logger';
import { activitySummary } from './activity-summary';
import { BotAuthentication, type CredentialsFactory } from './bot-authentication';
import { RegistrationRouter } from './registration-router';
import { errorResponse } from './invoke-response';
import { turnTelemetryOf } from '../telemetry/turn-telemetry';

/**
 * Where the signing keys of incoming tokens are published, and how outgoing calls get their
 * token. Only code can set these (tests serve their own keys and have no Entra ID to ask); no
 * environment variable does, so a deployment cannot trust another key set by mistake.
 */
export interface BotAuthOverrides {
  /** OpenID metadata of the Bot Framework channel (production: login.botframework.com). */
  readonly channelOpenIdMetadataUrl: string;
  /** OpenID metadata for Emulator and skill tokens (production: Entra ID's common endpoint). */
  readonly emulatorOpenIdMetadataUrl: string;
  /** How each registration's outgoing calls are signed. */
  readonly credentialsFactory?: (registration: BotCredentials) => NonNullable<CredentialsFactory>;
}

/** The public Azure cloud, as botframework-connector's AuthenticationConstants define it. */
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  CallerId: CallerIdConstants.PublicAzureChannel,
  ValidateAuthority: true,
} as const;

/**
 * CloudAdapter whose HTTP answer is the route's to give: CloudAdapter.process answers a failed
 * authentication with the library's message and logs the error to the console.
 */
export class BotAdapter extends CloudAdapter {
  /** Authenticates and runs one activity; the invoke response, if any, is the caller's to send. */
  handle(authHeader: string, activity: Activity, logic: (turn: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/**
 * The Bot Framework adapter. With registrations every request must carry a valid Bot Framework
 * JWT for one of them; without (local mode) authentication is off, which is why the server then
 * binds to loopback only.
 */
export function createAdapter(registrations: readonly BotCredentials[], logger: Logger, localeFor: LocaleResolver, overrides?: BotAuthOverrides): BotAdapter {
  const authFor = (credentials: BotCredentials | undefined): BotAuthentication =>
    new BotAuthentication(
      credentials === undefined
        ? {}
        : {
            MicrosoftAppId: credentials.appId,
            MicrosoftAppPassword: credentials.appPassword,
            MicrosoftAppType: credentials.appType,
            MicrosoftAppTenantId: credentials.tenantId,
            ...(overrides === undefined
              ? {}
              : {
                  ...PUBLIC_CLOUD,
                  ToBotFromChannelOpenIdMetadataUrl: overrides.channelOpenIdMetadataUrl,
                  ToBotFromEmulatorOpenIdMetadataUrl: overrides.emulatorOpenIdMetadataUrl,
                }),
          },
      credentials === undefined ? undefined : overrides?.credentialsFactory?.(credentials),
      logger,
    );
  // Local mode has no registration and no authentication; otherwise the token chooses one.
  const auth = registrations.length === 0 ? authFor(undefined) : new RegistrationRouter(registrations.map((credentials) => ({ credentials, auth: authFor(credentials) })), logger);
  const adapter = new BotAdapter(auth);
  adapter.onTurnError = async (turn: TurnContext, err: unknown) => {
    // A store that does not answer is an outage to report, not a bug in the turn.
    const code = asUserError(err)?.code ?? 'internal';
    turnTelemetryOf(turn.activity).ended(code === 'internal' ? { kind: 'internal' } : { kind: 'userError', code });
    if (code === 'internal') logger.error({ err, ...activitySummary(turn.activity) }, 'unhandled error in turn');
    else logger.warn({ err, ...activitySummary(turn.activity) }, 'turn ended on a user-facing error');
    const locale = localeFor(turn.activity.locale);
    try {
      if (turn.activity.type === 'invoke') {
        await turn.sendActivity({ type: 'invokeResponse', value: errorResponse(code, locale) });
      } else if (turn.activity.type === 'message') {
        await turn.sendActivity(userErrorText(code, locale));
      }
    } catch (sendErr) {
      logger.error({ err: sendErr }, 'could not tell the user about the error');
    }
  };
  return adapter;
}
