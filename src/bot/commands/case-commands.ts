import { t } from '../../cards/case-card-parts';
import { linkChat } from '../../domain/case-commands';
import { UserError } from '../../i18n/errors';
import { actorOf, cardContext, clockOf, groupChatOf, loadAccessibleCase, requireCode, tenantOf } from '../case-access';
import { changeCase } from '../case-change';
import { hubRenderer, showBaseline, showCaseForm, showCaseKinds, showCaseList, showHistory, showHub } from '../case-views';
import type { CaseKind } from '../../domain/case-model';
import { caseKind } from '../../domain/case-rules';
import type { CommandHandler } from '../command-router';
import { showSip } from '../sip-views';
import { replyWithCard } from '../reply';

/**
 * `nytt ärende`: asks which kind of case, then shows that kind's form; `nytt ärende sip` or
 * `nytt ärende vss` goes straight to the form. The code is given when the case is created.
 */
export const newCaseCommand: CommandHandler = async (ctx, args) => {
  const kind = typedKind(args);
  await replyWithCard(ctx.turn, kind === undefined ? showCaseKinds(ctx) : await showCaseForm(ctx, kind));
};

/** The kind typed after `nytt ärende`, in the words a coordinator would use; anything else asks. */
function typedKind(args: string): CaseKind | undefined {
  const word = args.normalize('NFKC').trim().toLowerCase();
  if (['sip', 'basnivå', 'basniva', 'sip-ärende'].includes(word)) return 'sip';
  if (['vss', 'voss', 'vård- och stödsamordning', 'samordning'].includes(word)) return 'vss';
  return undefined;
}

/** `mina ärenden`: the user's open cases. */
export const myCasesCommand: CommandHandler = async (ctx) => replyWithCard(ctx.turn, await showCaseList(ctx));

/** `ärende KOD`: the case hub. */
export const openCaseCommand: CommandHandler = async (ctx, args) => replyWithCard(ctx.turn, await showHub(ctx, requireCode(args), { audit: true }));

/** `basnivå KOD`: the baseline checklist. */
export const baselineCommand: CommandHandler = async (ctx, args) => replyWithCard(ctx.turn, await showBaseline(ctx, requireCode(args), { audit: true }));

/** `sip KOD`: the case's SIP meetings. */
export const sipCommand: CommandHandler = async (ctx, args) => replyWithCard(ctx.turn, await showSip(ctx, requireCode(args), { audit: true }));

/** `historik KOD`: the latest changes, for coordinators. */
export const historyCommand: CommandHandler = async (ctx, args) => replyWithCard(ctx.turn, await showHistory(ctx, requireCode(args)));

/** `avsluta KOD`: the hub, pointing at its close button, which shows the closing condition and asks for the reason. */
export const closeCaseCommand: CommandHandler = async (ctx, args) => {
  const code = requireCode(args);
  const { access, stored } = await loadAccessibleCase(ctx, code);
  if (access !== 'coordinator') throw new UserError('onlyCoordinatorMayClose');
  const hint = caseKind(stored.state) === 'sip' ? 'case.closeHintSip' : 'case.closeHint';
  await replyWithCard(ctx.turn, await showHub(ctx, code, { audit: true, notice: t(cardContext(ctx), hint), tone: 'info' }));
};

/**
 * `koppla KOD` in a group chat: links the case to the chat, whose members then share its card.
 * Only a coordinator may; anyone else learns nothing about the case.
 */
export const linkCaseCommand: CommandHandler = async (ctx, args) => {
  const code = requireCode(args);
  const chatId = groupChatOf(ctx);
  if (chatId === undefined) throw new UserError('linkOnlyInGroupChat');
  const { access } = await loadAccessibleCase(ctx, code);
  if (access !== 'coordinator') throw new UserError('onlyCoordinatorMayLink');
  // A chat of another tenant than the case's has none of the case's own tenant's coordinators in it.
  if (actorOf(ctx).tenantId !== undefined) throw new UserError('linkOnlyInHomeTenant');
  // The chat's index entry follows the answer, from the write's outbox row.
  const card = await changeCase(ctx, code, (state) => linkChat(state, chatId, actorOf(ctx), clockOf(ctx)), (cardCtx, state) =>
    hubRenderer(ctx)({ ...cardCtx, notice: cardCtx.notice ?? t(cardCtx, 'link.done', { code }) }, state),
  );
  await replyWithCard(ctx.turn, card);
};
