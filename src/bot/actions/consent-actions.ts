import { z } from 'zod';
import { consentCard } from '../../cards/consent-card';
import { keepTyped, markInputs } from '../../cards/scrub-typed';
import { t } from '../../cards/case-card-parts';
import { recordConsent, withdrawConsent } from '../../domain/consent';
import { defineAction } from '../action-router';
import { accessTo, actorOf, cardContext, clockOf, loadAccessibleCase, requireCode } from '../case-access';
import { problemsAtInputs, refusalText, runCaseChange, staleCard } from '../case-change';
import { hubRenderer } from '../case-views';
import { rev } from './card-fields';
import { codeData } from './case-view-action';

const text = z.string().max(5000).optional();

/** The consent card: what holds now, and the form to record, change or withdraw it. */
export const consentOpenAction = defineAction({
  verb: 'consent.open',
  data: codeData,
  handle: async (ctx, data) => {
    const { stored, access } = await loadAccessibleCase(ctx, requireCode(data.code));
    return { kind: 'card', card: consentCard(cardContext(ctx), stored.state, access, clockOf(ctx).now) };
  },
});

/** Records or changes the consent; a refused form comes back with what was typed and why. */
export const consentRecordAction = defineAction({
  verb: 'consent.record',
  data: codeData.extend({ rev, consentForm: z.enum(['written', 'oral', '']).optional(), consentScope: text, consentValidUntil: text }),
  handle: async (ctx, data) => {
    const form = data.consentForm === '' ? undefined : data.consentForm;
    const typed = { form: data.consentForm, scope: data.consentScope, validUntil: data.consentValidUntil };
    const outcome = await runCaseChange(ctx, requireCode(data.code), (state) =>
      recordConsent(state, { form, scope: data.consentScope, validUntil: data.consentValidUntil, rev: data.rev }, actorOf(ctx), clockOf(ctx)),
    );
    const state = outcome.stored.state;
    const now = clockOf(ctx).now;
    if (outcome.kind === 'refused' && outcome.change.error === 'stale') {
      const shown = { consentForm: data.consentForm, consentScope: data.consentScope, consentValidUntil: data.consentValidUntil };
      return { kind: 'card', card: staleCard(ctx, state, (cardCtx, s) => consentCard(cardCtx, s, accessTo(ctx, s), now), shown, Object.keys(shown)) };
    }
    if (outcome.kind === 'refused') {
      // What was typed is kept, each problem under its field.
      const card = consentCard(cardContext(ctx, refusalText(cardContext(ctx), outcome.change)), state, accessTo(ctx, state), now, typed);
      return { kind: 'card', card: markInputs(card, problemsAtInputs(cardContext(ctx), outcome.change)) };
    }
    // An oral consent's "note it in the journal" is on the card itself, under what holds now.
    return { kind: 'card', card: consentCard(cardContext(ctx, t(cardContext(ctx), 'consent.saved'), 'done'), state, accessTo(ctx, state), now) };
  },
});

/** Records that the person withdrew consent; answered on the card it was pressed on (hub or consent card). */
export const consentWithdrawAction = defineAction({
  verb: 'consent.withdraw',
  data: codeData.extend({ rev, consentWithdrawnOn: text, from: z.enum(['hub', 'consent']).optional() }),
  handle: async (ctx, data) => {
    const outcome = await runCaseChange(ctx, requireCode(data.code), (state) => withdrawConsent(state, { rev: data.rev, date: data.consentWithdrawnOn }, actorOf(ctx), clockOf(ctx)));
    const state = outcome.stored.state;
    const notice = outcome.kind === 'refused' ? refusalText(cardContext(ctx), outcome.change) : t(cardContext(ctx), 'consent.withdrawnSaved');
    if (outcome.kind !== 'refused') {
      const done = cardContext(ctx, notice, 'done');
      return { kind: 'card', card: data.from === 'hub' ? hubRenderer(ctx)(done, state) : consentCard(done, state, accessTo(ctx, state), clockOf(ctx).now) };
    }
    // The date as typed, and what is wrong with it under it.
    const refused = data.from === 'hub' ? hubRenderer(ctx)(cardContext(ctx, notice), state) : consentCard(cardContext(ctx, notice), state, accessTo(ctx, state), clockOf(ctx).now);
    return { kind: 'card', card: markInputs(keepTyped(refused, { consentWithdrawnOn: data.consentWithdrawnOn }), problemsAtInputs(cardContext(ctx), outcome.change)) };
  },
});
