import { TeamsActivityHandler, type InvokeResponse, type TurnContext } from 'botbuilder';
import { welcomeCard } from '../cards/welcome-card';
import type { ActionRoute } from './action-router';
import { routeAction } from './action-router';
import { servicesForTurn, type BotServices, type HandlerContext } from './bot-context';
import { routeCommand, type CommandTable } from './command-router';
import { deliverPendingNotices } from './coordinator-notices';
import { replyWithCard } from './reply';
import { turnDeadlineOf } from './turn-deadline';
import { turnTelemetryOf } from '../telemetry/turn-telemetry';

export interface BotRoutes {
  readonly commands: CommandTable;
  readonly actions: ReadonlyMap<string, ActionRoute>;
}

/**
 * The Teams-facing bot: turns activities into handler calls. It holds no rules of its own;
 * those live in the domain, and replies are cards built from state.
 */
export class SamordningsBot extends TeamsActivityHandler {
  constructor(
    private readonly services: BotServices,
    private readonly routes: BotRoutes,
  ) {
    super();

    this.onMessage(async (turn, next) => {
      await routeCommand(this.contextOf(turn), this.routes.commands, turn.activity.text);
      await next();
    });

    // Teams announces an install with conversationUpdate (bot among membersAdded) and an
    // installationUpdate; welcoming on the first alone keeps it to one welcome per install.
    this.onMembersAdded(async (turn, next) => {
      const botId = turn.activity.recipient?.id;
      if ((turn.activity.membersAdded ?? []).some((m) => m.id === botId)) {
        turnTelemetryOf(turn.activity).named('welcome');
        const place = turn.activity.conversation?.conversationType === 'groupChat' ? 'groupChat' : 'personal';
        await replyWithCard(turn, welcomeCard(this.services.localeFor(turn.activity.locale), place));
        // Colleagues may have added this user to cases before the bot could reach them.
        if (place === 'personal') await deliverPendingNotices(this.contextOf(turn));
      }
      await next();
    });
  }

  protected override async onInvokeActivity(turn: TurnContext): Promise<InvokeResponse> {
    // Our own zod validation replaces botbuilder's, whose errors are English and generic.
    if (turn.activity.name === 'adaptiveCard/action') {
      return routeAction(this.contextOf(turn), this.routes.actions, turn.activity.value);
    }
    return super.onInvokeActivity(turn);
  }

  private contextOf(turn: TurnContext): HandlerContext {
    return { turn, locale: this.services.localeFor(turn.activity.locale), services: servicesForTurn(this.services, turnDeadlineOf(turn.activity)) };
  }
}
