import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../cards/card-template';

/** Sends a card as a new message in the turn's conversation. */
export async function replyWithCard(turn: TurnContext, card: AdaptiveCard): Promise<void> {
  await turn.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}
