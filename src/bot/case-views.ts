import { baselineCard } from '../cards/baseline-card';
import type { AdaptiveCard } from '../cards/card-template';
import { caseFormCard, type CaseFormProblems, type CaseFormValues } from '../cards/case-form-card';
import { caseKindCard } from '../cards/case-kind-card';
import { caseHistoryCard } from '../cards/case-history-card';
import { caseHubCard } from '../cards/case-hub-card';
import { caseListCard } from '../cards/case-list-card';
import { viewed } from '../domain/case-commands';
import type { CaseKind, CaseState } from '../domain/case-model';
import { worksOn } from '../domain/sip-holder';
import { openRequestFor } from '../domain/colleague-request';
import { inviteEmail } from '../domain/colleague-invite';
import { colleagueRequestCard } from '../cards/colleague-request-card';
import type { StoredCase } from '../storage/case-repository';
import { UserError } from '../i18n/errors';
import type { HandlerContext } from './bot-context';
import { accessible, accessTo, actorOf, cardContext, clockOf, loadAccessibleCase, tenantOf } from './case-access';
import { tenantIdOf } from './tenant-of';
import { NO_TENANT } from '../proactive/conversation-address';
import type { NoticeTone } from '../cards/case-card-parts';
import type { CaseRenderer } from './case-change';

const HISTORY_LENGTH = 25;

/** Renders the hub for whoever looks; used after changes too. */
export function hubRenderer(ctx: HandlerContext): CaseRenderer {
  return (cardCtx, state) => caseHubCard(cardCtx, state, actorOf(ctx), accessTo(ctx, state) === 'coordinator' ? 'coordinator' : 'linkedChat', ctx.services.clock(), ctx.services.units);
}

export function baselineRenderer(ctx: HandlerContext): CaseRenderer {
  return (cardCtx, state) => baselineCard(cardCtx, state, actorOf(ctx));
}

/**
 * Shows a case card to someone allowed to see it. A view is audited unless it is a refresh,
 * which Teams sends by itself whenever the card is on screen and which must never write.
 */
async function view(ctx: HandlerContext, code: string, action: 'case.viewed' | 'baseline.viewed', render: CaseRenderer, audit: boolean, notice?: string, read?: StoredCase | undefined, tone?: NoticeTone): Promise<AdaptiveCard> {
  const { stored } = read === undefined ? await loadAccessibleCase(ctx, code) : accessible(ctx, read);
  if (audit) await ctx.services.cases.appendAudit(tenantOf(ctx), code, [viewed(action, actorOf(ctx), clockOf(ctx))]);
  return render(cardContext(ctx, notice, tone), stored.state);
}

/**
 * The hub, or for a colleague asked to join before consent the request and nothing else of the
 * case (003:86–88); anyone else gets "no such case".
 */
export async function showHub(ctx: HandlerContext, code: string, opts: { audit: boolean; notice?: string; tone?: NoticeTone }): Promise<AdaptiveCard> {
  const stored = await ctx.services.cases.get(tenantOf(ctx), code);
  if (stored !== undefined && accessTo(ctx, stored.state) === 'none') {
    const request = openRequestFor(stored.state, actorOf(ctx));
    if (request !== undefined) return colleagueRequestCard(cardContext(ctx, opts.notice), stored.state, request, ctx.services.units);
  }
  return view(ctx, code, 'case.viewed', hubRenderer(ctx), opts.audit, opts.notice, stored, opts.tone);
}

export const showBaseline = (ctx: HandlerContext, code: string, opts: { audit: boolean; notice?: string }) =>
  view(ctx, code, 'baseline.viewed', baselineRenderer(ctx), opts.audit, opts.notice);

/** The audit trail, for coordinators only; reading it is itself audited. */
export async function showHistory(ctx: HandlerContext, code: string, view: { readonly after?: string | undefined; readonly changesOnly?: boolean | undefined } = {}): Promise<AdaptiveCard> {
  const { access } = await loadAccessibleCase(ctx, code);
  if (access !== 'coordinator') throw new UserError('historyOnlyCoordinators');
  const tenant = tenantOf(ctx);
  // Every page is a look at the history, audited as one: a cursor cannot be used to look unseen.
  await ctx.services.cases.appendAudit(tenant, code, [viewed('history.viewed', actorOf(ctx), clockOf(ctx))]);
  const changesOnly = view.changesOnly === true;
  const page = await ctx.services.cases.historyPage(tenant, code, { limit: HISTORY_LENGTH, after: view.after, changesOnly });
  return caseHistoryCard(cardContext(ctx), code, page.events, { changesOnly, after: view.after, next: page.next });
}

/**
 * "Mina ärenden": open cases found through the index, never by scanning, and below them the closed
 * ones whose SIP the viewer holds. The cases are read in parallel: the store has no read of many
 * partitions at once, so the list waits for about one read, not one per case.
 */
export async function showCaseList(ctx: HandlerContext): Promise<AdaptiveCard> {
  const tenant = tenantOf(ctx);
  const actor = actorOf(ctx);
  const codes = await ctx.services.caseIndex.list(tenant, { kind: 'user', aadObjectId: actor.aadObjectId });
  const loaded = await Promise.all(codes.map((code) => ctx.services.cases.get(tenant, code)));
  const states = loaded.map((s) => s?.state).filter((c): c is CaseState => c !== undefined);
  const mine = states.filter((c) => worksOn(c, actor.aadObjectId)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  // Requests to the viewer come first: they wait for an answer.
  const requests = states.filter((c) => c.closure === undefined && openRequestFor(c, actor) !== undefined);
  return caseListCard(
    cardContext(ctx),
    mine.filter((c) => c.closure === undefined),
    mine.filter((c) => c.closure !== undefined),
    ctx.services.clock(),
    requests,
  );
}

/** How many known colleagues a form lists: a card must stay well under Teams' 28 KB. */
const KNOWN_COLLEAGUES_LISTED = 100;

/**
 * Colleagues the bot already knows (they have added it), offered next to the Teams people picker,
 * so the choice works also where the client has no picker. In a deployment serving several
 * tenants the picker only searches the user's own directory, so the coordinators of the other
 * tenants come first, named with their organisation so that typing its name finds them too.
 */
export async function knownColleagues(ctx: HandlerContext): Promise<Array<{ title: string; value: string }>> {
  const me = actorOf(ctx).aadObjectId;
  const myTenant = tenantIdOf(ctx.turn.activity) ?? NO_TENANT;
  // Each tenant read on its own, so the home tenant's many installs cannot crowd out the other's.
  const store = tenantOf(ctx);
  const tenants = ctx.services.tenants.shared ? ctx.services.tenants.registrations.map((r) => r.tenantId!) : [undefined];
  const [lists, units] = await Promise.all([Promise.all(tenants.map((t) => ctx.services.conversations.listUsers(store, KNOWN_COLLEAGUES_LISTED * 2, t))), ctx.services.conversations.listUnits(store, 2000)]);
  const known = lists.flat();
  // Another tenant's coordinators are offered only from the other principal's organisations.
  const myPrincipal = ctx.services.tenants.organisationOf(myTenant)?.principal;
  const choices = known
    .filter((u) => u.aadObjectId !== undefined && !(u.aadObjectId === me && u.tenantId === myTenant))
    .filter((u) => u.tenantId === myTenant || myPrincipal === undefined || ctx.services.tenants.organisationOf(u.tenantId)?.principal !== myPrincipal)
    .map((u) => {
      const own = u.tenantId === myTenant;
      const organisation = own ? undefined : ctx.services.tenants.organisationOf(u.tenantId)?.name;
      const unit = units.get(u.aadObjectId!)?.unit;
      // "Karin Berg – Testby kommun, Socialpsykiatrin": the filtered list finds any of the three.
      const where = [organisation, unit].filter((part): part is string => part !== undefined).join(', ');
      const name = u.userName ?? u.aadObjectId!;
      return { own, title: where === '' ? name : `${name} – ${where}`, value: own ? u.aadObjectId! : `${u.aadObjectId!}@${u.tenantId}` };
    })
    .sort((a, b) => (a.own === b.own ? a.title.localeCompare(b.title, 'sv') : a.own ? 1 : -1));
  // Each group has its share, so many in one tenant cannot push the other's out of the list.
  const others = choices.filter((c) => !c.own);
  const own = choices.filter((c) => c.own);
  const half = KNOWN_COLLEAGUES_LISTED / 2;
  const othersListed = others.slice(0, Math.max(half, KNOWN_COLLEAGUES_LISTED - own.length));
  return [...othersListed, ...own.slice(0, KNOWN_COLLEAGUES_LISTED - othersListed.length)].map(({ title, value }) => ({ title, value }));
}

/**
 * The address a form's "e-postadress" field names, where invitations exist (a deployment serving
 * several tenants); elsewhere the field is not shown and whatever a card sends in it is ignored.
 */
export function typedInvite(ctx: HandlerContext, typed: string | undefined): ReturnType<typeof inviteEmail> {
  return ctx.services.tenants.shared ? inviteEmail(typed) : { ok: true, email: undefined };
}

/**
 * The other organisations of a deployment serving several tenants, by name, for the form's
 * invitation by e-mail address; undefined where everyone shares one directory (no invitation).
 */
export function inviteFrom(ctx: HandlerContext): string | undefined {
  const tenants = ctx.services.tenants;
  if (!tenants.shared) return undefined;
  const mine = tenantIdOf(ctx.turn.activity);
  const myPrincipal = tenants.organisationOf(mine)?.principal;
  const names = tenants.registrations.filter((r) => r.tenantId !== mine && r.organisation !== undefined && r.organisation.principal !== myPrincipal).map((r) => r.organisation!.name);
  return new Intl.ListFormat(ctx.locale === 'en' ? 'en' : 'sv', { type: 'conjunction' }).format(names);
}

/**
 * The "nytt ärende" form. It has no code: the case gets one only when it is created, so opening
 * the form uses up no number and a typed code cannot probe which cases exist.
 */
export async function showCaseForm(ctx: HandlerContext, kind: CaseKind, values: CaseFormValues = {}, problems?: CaseFormProblems, formId?: string): Promise<AdaptiveCard> {
  // A tenant that BOT_REGISTRATIONS names as one principal's organisation answers "which principal" itself.
  const principal = ctx.services.tenants.organisationOf(tenantIdOf(ctx.turn.activity))?.principal;
  if (values.principal === undefined && principal !== undefined) values = { ...values, principal };
  return caseFormCard(cardContext(ctx), { kind, profile: ctx.services.targetGroupProfile, units: ctx.services.units, inviteFrom: inviteFrom(ctx) }, values, await knownColleagues(ctx), problems, formId);
}

/** What `nytt ärende` asks first: which kind of case, each kind with its own form. */
export function showCaseKinds(ctx: HandlerContext): AdaptiveCard {
  return caseKindCard(cardContext(ctx), ctx.services.targetGroupProfile);
}
