import type { DeploymentTenants } from '../config/deployment-tenants';
import type { CalendarLinks } from '../calendar/calendar-links';
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../logging/logger';
import type { Locale, LocaleResolver } from '../i18n/locale';
import type { ProactiveMessenger } from '../proactive/proactive-messenger';
import type { CaseIndexRepository } from '../storage/case-index-repository';
import type { CaseRepository } from '../storage/case-repository';
import type { ConversationReferenceRepository } from '../storage/conversation-reference-repository';
import type { ReminderStore } from '../storage/reminder-store';
import type { ReminderSettings } from '../domain/reminder-rules';
import type { TargetGroupProfile } from '../domain/case-model';
import type { UnitCatalogue } from '../domain/units';

/** What handlers may use. Built once at start-up; handlers hold no state of their own. */
export interface BotServices {
  readonly logger: Logger;
  /** The tenants this deployment serves, their registrations and organisations. */
  readonly tenants: DeploymentTenants;
  readonly conversations: ConversationReferenceRepository;
  readonly cases: CaseRepository;
  readonly caseIndex: CaseIndexRepository;
  readonly messenger: ProactiveMessenger;
  readonly localeFor: LocaleResolver;
  readonly timeZone: string;
  readonly clock: () => Date;
  readonly reminders: ReminderStore;
  readonly reminderSettings: ReminderSettings;
  /** Signed links to meetings' calendar files, opened outside Teams. */
  readonly calendarLinks: CalendarLinks;
  /** Whose routine decides the VoSS target group (TARGET_GROUP). */
  readonly targetGroupProfile: TargetGroupProfile;
  /** The evaluation instruments the region uses, by name (EVALUATION_INSTRUMENTS); empty when not configured. */
  readonly evaluationInstruments: readonly string[];
  /** The units each principal's coordinators pick from (UNITS_FILE). */
  readonly units: UnitCatalogue;
  /** Local mode only: the Agents Playground's mock users, by the id its people picker sends or their object id. */
  readonly localPeople?: ((pickerId: string) => { readonly aadObjectId: string; readonly name: string } | undefined) | undefined;
}

/**
 * The services with their tables bound to the turn's storage deadline, when it has one: every
 * service that offers a turn view (forTurn) is replaced by it, so one added later cannot be left
 * unbound by mistake.
 */
export function servicesForTurn(services: BotServices, deadline: AbortSignal | undefined): BotServices {
  if (deadline === undefined) return services;
  const bound: Record<string, unknown> = {};
  for (const [name, service] of Object.entries(services)) bound[name] = hasTurnView(service) ? service.forTurn(deadline) : service;
  return bound as unknown as BotServices;
}

function hasTurnView(service: unknown): service is { forTurn(deadline: AbortSignal): unknown } {
  return typeof service === 'object' && service !== null && typeof (service as { forTurn?: unknown }).forTurn === 'function';
}

/** One turn as a handler sees it. */
export interface HandlerContext {
  readonly turn: TurnContext;
  readonly locale: Locale;
  readonly services: BotServices;
}
