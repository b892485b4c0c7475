import type { Locale } from './locale';

/**
 * The evaluation card's words. What the method says (003:118–120: VoSS is evaluated by the region's
 * routine; the instruments are anonymous but coded, and used only with the person's consent) is
 * said as the method; the points and the grace days are said to be local settings.
 */
const sv = {
  title: 'Utvärdering – {code}',
  intro:
    'Vård- och stödsamordningen utvärderas enligt regionens rutin för utvärdering. Instrumenten till personen är anonyma men kodade så att svaren kan jämföras över tid, och de används bara om personen samtycker till det. Samtycket till utvärdering är skilt från samtycket till SIP.',
  current: 'Samtycke till utvärdering: {status}',
  'status.notAsked': 'inte registrerat',
  'status.given': 'lämnat {date}',
  'status.declined': 'personen avböjer ({date})',
  'status.withdrawn': 'återkallat {date}',
  recordedBy: 'Registrerat av {name} {when}.',
  codeHeading: 'Utvärderingskod',
  codeFor: 'Skriv koden på instrumenten: {instruments}.',
  codeForRoutine: 'Skriv koden på de instrument som regionens rutin för utvärdering anger.',
  codeAbout: 'Koden är slumpad och säger ingenting om ärendet eller personen. Svaren på instrumenten sparas aldrig i boten.',
  codeKept: 'Koden finns kvar om personen samtycker igen.',
  pointsHeading: 'Utvärderingspunkter',
  pointsLocal: 'Punkterna ({points}) och att en punkt är i tid om den är genomförd senast {grace} efter sitt datum är lokala inställningar, inte metoden.',
  'point.start': 'vid start',
  'point.months': 'efter {n} månader',
  'point.month': 'efter 1 månad',
  pointRow: '{label} · {date} · {status}',
  'pointStatus.upcoming': 'kommande',
  'pointStatus.due': 'dags (i tid t.o.m. {until})',
  'pointStatus.late': 'sen',
  'pointStatus.done': 'genomförd {date}',
  'pointStatus.notAsked': 'ingår inte (inget samtycke då)',
  markDone: 'Markera genomförd',
  undoDone: 'Ångra genomförd',
  question: 'Samtycker personen till utvärdering?',
  questionRequired: 'Svara om personen samtycker till utvärdering.',
  yes: 'Ja, personen samtycker',
  no: 'Nej, personen avböjer',
  record: 'Registrera svaret',
  withdraw: 'Samtycket till utvärdering återkallat…',
  withdrawEffect: 'När samtycket är återkallat används instrumenten inte mer och inga fler utvärderingspunkter påminns om. Koden och de punkter som är genomförda finns kvar.',
  withdrawnOn: 'Datum då personen återkallade samtycket',
  withdrawnOnRequired: 'Ange datum då personen återkallade samtycket.',
  withdrawConfirm: 'Registrera återkallelsen',
  saved: 'Svaret om utvärdering är registrerat.',
  withdrawnSaved: 'Återkallelsen är registrerad. Inga fler utvärderingspunkter påminns om.',
  doneSaved: 'Utvärderingspunkten är markerad som genomförd.',
  undoneSaved: 'Markeringen är ångrad.',
  back: 'Till ärendet',
} as const;

export type EvaluationTextKey = keyof typeof sv;
export const EVALUATION_TEXT_KEYS = Object.keys(sv) as EvaluationTextKey[];

const en: Record<EvaluationTextKey, string> = {
  title: 'Evaluation – {code}',
  intro:
    'Care and support coordination is evaluated by the region’s routine for evaluation. The instruments to the person are anonymous but coded so that the answers can be compared over time, and they are used only if the person consents to it. The consent to evaluation is separate from the consent to the SIP.',
  current: 'Consent to evaluation: {status}',
  'status.notAsked': 'not recorded',
  'status.given': 'given {date}',
  'status.declined': 'the person declines ({date})',
  'status.withdrawn': 'withdrawn {date}',
  recordedBy: 'Recorded by {name} {when}.',
  codeHeading: 'Evaluation code',
  codeFor: 'Write the code on the instruments: {instruments}.',
  codeForRoutine: 'Write the code on the instruments the region’s routine for evaluation names.',
  codeAbout: 'The code is random and says nothing about the case or the person. The answers to the instruments are never kept in the bot.',
  codeKept: 'The code is kept in case the person consents again.',
  pointsHeading: 'Evaluation points',
  pointsLocal: 'The points ({points}), and that a point is on time when done at most {grace} after its date, are local settings, not the method.',
  'point.start': 'at the start',
  'point.months': 'after {n} months',
  'point.month': 'after 1 month',
  pointRow: '{label} · {date} · {status}',
  'pointStatus.upcoming': 'coming',
  'pointStatus.due': 'due (on time through {until})',
  'pointStatus.late': 'late',
  'pointStatus.done': 'done {date}',
  'pointStatus.notAsked': 'not included (no consent then)',
  markDone: 'Mark done',
  undoDone: 'Undo done',
  question: 'Does the person consent to evaluation?',
  questionRequired: 'Answer whether the person consents to evaluation.',
  yes: 'Yes, the person consents',
  no: 'No, the person declines',
  record: 'Record the answer',
  withdraw: 'Consent to evaluation withdrawn…',
  withdrawEffect: 'Once the consent is withdrawn, the instruments are not used any more and no more evaluation points are reminded of. The code and the points done stay.',
  withdrawnOn: 'Date the person withdrew the consent',
  withdrawnOnRequired: 'Enter the date the person withdrew the consent.',
  withdrawConfirm: 'Record the withdrawal',
  saved: 'The answer about evaluation is recorded.',
  withdrawnSaved: 'The withdrawal is recorded. No more evaluation points are reminded of.',
  doneSaved: 'The evaluation point is marked done.',
  undoneSaved: 'The mark is taken back.',
  back: 'To the case',
};

const TABLES: Record<Locale, Record<EvaluationTextKey, string>> = { sv, en };

export function evaluationText(locale: Locale, key: EvaluationTextKey): string {
  return TABLES[locale][key];
}

/** A point by its months: "vid start", "efter 6 månader". */
export function pointLabel(locale: Locale, months: number): string {
  if (months === 0) return TABLES[locale]['point.start'];
  return months === 1 ? TABLES[locale]['point.month'] : TABLES[locale]['point.months'].replace('{n}', String(months));
}
