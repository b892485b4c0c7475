import { z } from 'zod';
import { consentCard } from '../../cards/consent-card';
import { keepTyped } from '../../cards/scrub-typed';
import { t } from '../../cards/case-card-parts';
import { recordConsent, withdrawConsent } from '../../domain/consent';
import { defineAction } from '../action-router';
import { accessTo, actorOf, cardContext, clockOf, loadAccessibleCase, requireCode } from '../case-access';
import { refusalText, runCaseChange } from '../case-change';
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
    if (outcome.kind === 'refused') {
      // What was typed is kept, also on a stale card: the note says the consent changed meanwhile.
      return { kind: 'card', card: consentCard(cardContext(ctx, refusalText(cardContext(ctx), outcome.change)), state, accessTo(ctx, state), now, typed) };
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
    const typed = outcome.kind === 'refused' ? { consentWithdrawnOn: data.consentWithdrawnOn } : undefined;
    if (data.from === 'hub') return { kind: 'card', card: keepTyped(hubRenderer(ctx)(cardContext(ctx, notice, outcome.kind === 'refused' ? undefined : 'done'), state), typed) };
    return { kind: 'card', card: keepTyped(consentCard(cardContext(ctx, notice, outcome.kind === 'refused' ? undefined : 'done'), state, accessTo(ctx, state), clockOf(ctx).now), typed) };
  },
});
