import type { TurnContext } from 'botbuilder';
import type { Logger } from '../logging/logger';
import type { Locale, LocaleResolver } from '../i18n/locale';
import type { ConversationReferenceRepository } from '../storage/conversation-reference-repository';

/** What handlers may use. Built once at start-up; handlers hold no state of their own. */
export interface BotServices {
  readonly logger: Logger;
  readonly conversations: ConversationReferenceRepository;
  readonly localeFor: LocaleResolver;
}

/** One turn as a handler sees it. */
export interface HandlerContext {
  readonly turn: TurnContext;
  readonly locale: Locale;
  readonly services: BotServices;
}
