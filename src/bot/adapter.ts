import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { BotCredentials } from '../config/config';
import { userErrorText } from '../i18n/errors';
import type { LocaleResolver } from '../i18n/locale';
import type { Logger } from '../logging/logger';
import { activitySummary } from './activity-summary';
import { errorResponse } from './invoke-response';

/**
 * The Bot Framework adapter. With credentials every request must carry a valid Bot Framework
 * JWT; without them (local mode) authentication is off, which is why the server then binds to
 * loopback only.
 */
export function createAdapter(credentials: BotCredentials | undefined, logger: Logger, localeFor: LocaleResolver): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication(
    credentials === undefined
      ? {}
      : {
          MicrosoftAppId: credentials.appId,
          MicrosoftAppPassword: credentials.appPassword,
          MicrosoftAppType: credentials.appType,
          MicrosoftAppTenantId: credentials.tenantId,
        },
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (turn: TurnContext, err: unknown) => {
    logger.error({ err, ...activitySummary(turn.activity) }, 'unhandled error in turn');
    const locale = localeFor(turn.activity.locale);
    try {
      if (turn.activity.type === 'invoke') {
        await turn.sendActivity({ type: 'invokeResponse', value: errorResponse('internal', locale) });
      } else if (turn.activity.type === 'message') {
        await turn.sendActivity(userErrorText('internal', locale));
      }
    } catch (sendErr) {
      logger.error({ err: sendErr }, 'could not tell the user about the error');
    }
  };
  return adapter;
}
