import { describe, expect, it } from 'vitest';
import { evaluationCard } from '../../src/cards/evaluation-card';
import type { CaseState, Evaluation } from '../../src/domain/case-model';
import { ANNA, BJORN, sampleCase } from '../support/sample-case';

const sv = { locale: 'sv', timeZone: 'Europe/Stockholm' } as const;
const en = { locale: 'en', timeZone: 'Europe/Stockholm' } as const;
const open = sampleCase('VSS-2026-0042');
const given: Evaluation = { consent: { status: 'given', recordedAt: '2026-11-23T09:00:00.000Z', recordedBy: ANNA }, code: 'U-7KQ4-M9TX', startedOn: '2026-11-23', done: { P0: { doneOn: '2026-11-24', by: BJORN } }, rev: 2 };
const evaluating: CaseState = { ...open, evaluation: given };
/** 1 June 2027: P6 (Sunday 23 May) is due, its grace of ten working days counted from Monday 24 May to 7 June. */
const JUNE = new Date('2027-06-01T09:00:00.000Z');

type Node = Record<string, unknown>;
function texts(card: unknown): string[] {
  const out: string[] = [];
  JSON.stringify(card, (k, v: unknown) => {
    if ((k === 'text' || k === 'title' || k === 'label') && typeof v === 'string') out.push(v);
    return v;
  });
  return out;
}
function find(card: unknown, pred: (n: Node) => boolean): Node[] {
  const out: Node[] = [];
  JSON.stringify(card, (_k, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && pred(v as Node)) out.push(v as Node);
    return v;
  });
  return out;
}
const verbs = (card: unknown) => find(card, (n) => n['type'] === 'Action.Execute').map((n) => `${String(n['verb'])}${(n['data'] as Node)['point'] === undefined ? '' : `:${String((n['data'] as Node)['point'])}`}`);

describe('the evaluation card', () => {
  it('shows the code large in monospace, for the region’s instruments, and says the answers are not kept', () => {
    const card = evaluationCard(sv, evaluating, 'coordinator', JUNE, { instruments: ['QLS-100', 'MANSA'] });
    const [code] = find(card, (n) => n['text'] === 'U-7KQ4-M9TX');
    expect(code).toMatchObject({ fontType: 'Monospace', size: 'ExtraLarge' });
    const all = texts(card).join('\n');
    expect(all).toContain('Skriv koden på instrumenten: QLS-100, MANSA.');
    expect(all).toContain('Svaren på instrumenten sparas aldrig i boten.');
    expect(all).toContain('Samtycke till utvärdering: lämnat 23 november 2026');
    expect(all).not.toContain(evaluating.code.replace('VSS-', 'U-'));
  });

  it('names no instruments where the region has set none: they are the routine’s', () => {
    const all = texts(evaluationCard(sv, evaluating, 'coordinator', JUNE, { instruments: [] })).join('\n');
    expect(all).toContain('Skriv koden på de instrument som regionens rutin för utvärdering anger.');
  });

  it('lists each point with its date and status, offers "Markera genomförd" on those not done, and calls the points a local setting', () => {
    const card = evaluationCard(sv, evaluating, 'coordinator', JUNE, { instruments: [] });
    const all = texts(card);
    expect(all.filter((t) => t.includes(' · '))).toEqual([
      'vid start · 23 november 2026 · genomförd 24 november 2026',
      'efter 6 månader · 23 maj 2027 · dags (i tid t.o.m. 7 juni 2027)',
      'efter 12 månader · 23 november 2027 · kommande',
    ]);
    expect(verbs(card)).toEqual(['evaluation.undo:P0', 'evaluation.done:P6', 'evaluation.done:P12', 'evaluation.withdraw', 'case.open']);
    expect(all.join('\n')).toContain('Punkterna (vid start, efter 6 månader, efter 12 månader) och att en punkt är i tid om den är genomförd senast 10 arbetsdagar efter sitt datum är lokala inställningar, inte metoden.');
    const late = texts(evaluationCard(en, evaluating, 'coordinator', new Date('2027-06-15T09:00:00.000Z'), { instruments: [] }));
    expect(late).toContain('after 6 months · 23 May 2027 · late');
  });

  it('asks for the answer before any is recorded; a linked chat sees the card but changes nothing; a closed case neither', () => {
    expect(verbs(evaluationCard(sv, open, 'coordinator', JUNE, { instruments: [] }))).toEqual(['evaluation.consent', 'case.open']);
    expect(texts(evaluationCard(sv, open, 'coordinator', JUNE, { instruments: [] })).join('\n')).toContain('Samtycke till utvärdering: inte registrerat');
    expect(verbs(evaluationCard(sv, evaluating, 'linkedChat', JUNE, { instruments: [] }))).toEqual(['case.open']);
    const closedCase: CaseState = { ...evaluating, closure: { reason: 'Klart', at: '2027-01-10T10:00:00.000Z', by: ANNA } };
    expect(verbs(evaluationCard(sv, closedCase, 'coordinator', JUNE, { instruments: [] }))).toEqual(['case.open']);
  });

  it('after a withdrawal: keeps the code, says so, shows the points after it as not included, and offers a new answer', () => {
    const withdrawn: CaseState = { ...evaluating, evaluation: { ...given, consent: { ...given.consent, status: 'withdrawn', withdrawnOn: '2027-01-04', withdrawnBy: BJORN }, rev: 3 } };
    const card = evaluationCard(sv, withdrawn, 'coordinator', JUNE, { instruments: [] });
    const all = texts(card);
    expect(all).toContain('U-7KQ4-M9TX');
    expect(all).toContain('Koden finns kvar om personen samtycker igen.');
    expect(all).toContain('Samtycke till utvärdering: återkallat 4 januari 2027');
    expect(all).toContain('efter 6 månader · 23 maj 2027 · ingår inte (inget samtycke då)');
    expect(verbs(card)).toEqual(['evaluation.undo:P0', 'evaluation.consent', 'case.open']);
  });

  it('says a SIP case has no evaluation, and offers nothing but the way back', () => {
    const card = evaluationCard(sv, { ...evaluating, kind: 'sip' }, 'coordinator', JUNE, { instruments: [] });
    expect(texts(card).join('\n')).toContain('Ett SIP-ärende har ingen utvärdering');
    expect(texts(card)).not.toContain('U-7KQ4-M9TX');
    expect(verbs(card)).toEqual(['case.open']);
  });
});
