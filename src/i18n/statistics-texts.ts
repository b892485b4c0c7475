import type { Principal } from '../domain/case-model';
import type { FigureId } from '../domain/statistics';
import type { Locale } from './locale';

/** A figure's name and its one line: what is counted, and which month it falls in. */
type FigureText = { readonly label: string; readonly explanation: (d: FigureDays) => string };

/** The local settings some explanations state: the kallelse guideline and the evaluation points' grace, in working days. */
export interface FigureDays {
  readonly lateDays: number;
  readonly graceDays: number;
}

const sv: Record<FigureId, FigureText> = {
  openedSip: { label: 'Öppnade SIP-ärenden', explanation: () => 'Ärenden för basnivå och SIP som öppnades under månaden.' },
  openedVss: { label: 'Öppnade VoSS-ärenden', explanation: () => 'Ärenden för vård- och stödsamordning som öppnades under månaden.' },
  b1Answered: { label: 'B1 besvarad', explanation: () => 'Av ärendena som öppnades under månaden: hur många där B1 (behov av insatser från den andra huvudmannen) är besvarad.' },
  daysToConsent: { label: 'Arbetsdagar till samtycke', explanation: () => 'Median av arbetsdagar från att ärendet öppnades till personens första ja, för samtycken givna första gången under månaden.' },
  daysConsentToFirstMeeting: {
    label: 'Arbetsdagar från samtycke till första SIP-mötet',
    explanation: () => 'Median av arbetsdagar från personens första ja till det första hållna SIP-mötet, för första möten hållna under månaden.',
  },
  invitationsOnTime: {
    label: 'Kallelse till andra huvudmannen i tid',
    explanation: (d) => `Av SIP-möten hållna under månaden: hur många där den andra huvudmannen fick kallelsen minst ${d.lateDays} arbetsdagar före (lokal riktlinje).`,
  },
  followedUpOnTime: {
    label: 'Uppföljning i tid',
    explanation: () => 'Av uppföljningsdatum i upprättade planer som inföll under månaden: hur många där nästa SIP-möte hölls senast det datumet.',
  },
  crisisPlanInPlace: { label: 'Krisplan finns', explanation: () => 'Av ärenden vars första SIP-möte hölls under månaden: hur många som nu har en sparad krisplan.' },
  crisisReviewedOnTime: {
    label: 'Krisplan omprövad i tid',
    explanation: () => 'Av krisplanernas omprövningsdatum under månaden: hur många där en ny version sparades senast det datumet.',
  },
  planComplete: {
    label: 'Plan med alla lagstadgade delar',
    explanation: () => 'Av ärenden vars första SIP-möte hölls under månaden: hur många som nu har en upprättad plan, med alla delar som SoL 2:7 och HSL 16:4 kräver.',
  },
  evaluationsOnTime: {
    label: 'Utvärderingar i tid',
    explanation: (d) =>
      `Av utvärderingspunkter som inföll under månaden i VoSS-ärenden med samtycke till utvärdering och som är genomförda eller försenade: hur många som markerades genomförda senast ${d.graceDays} arbetsdagar efter sitt datum (lokal inställning).`,
  },
  overdue: { label: 'Ärenden med försenade påminnelser', explanation: () => 'Av pågående ärenden i dag: hur många som har något som är försenat (en påminnelse vars dag har passerat).' },
};

const en: Record<FigureId, FigureText> = {
  openedSip: { label: 'SIP cases opened', explanation: () => 'Cases for basnivå and SIP opened in the month.' },
  openedVss: { label: 'VoSS cases opened', explanation: () => 'Cases for care and support coordination opened in the month.' },
  b1Answered: { label: 'B1 answered', explanation: () => 'Of the cases opened in the month: how many have B1 (need of efforts from the other principal) answered.' },
  daysToConsent: { label: 'Working days to consent', explanation: () => 'Median working days from the case opened to the person’s first yes, for consents first given in the month.' },
  daysConsentToFirstMeeting: {
    label: 'Working days from consent to the first SIP meeting',
    explanation: () => 'Median working days from the person’s first yes to the first SIP meeting held, for first meetings held in the month.',
  },
  invitationsOnTime: {
    label: 'Kallelse to the other principal on time',
    explanation: (d) => `Of SIP meetings held in the month: how many where the other principal had the kallelse at least ${d.lateDays} working days before (local guideline).`,
  },
  followedUpOnTime: {
    label: 'Followed up on time',
    explanation: () => 'Of follow-up dates of established plans falling in the month: how many where the next SIP meeting was held by that date.',
  },
  crisisPlanInPlace: { label: 'Crisis plan in place', explanation: () => 'Of cases whose first SIP meeting was held in the month: how many now have a saved crisis plan.' },
  crisisReviewedOnTime: {
    label: 'Crisis plan reviewed on time',
    explanation: () => 'Of crisis plan review dates in the month: how many where a new version was saved by that date.',
  },
  planComplete: {
    label: 'Plan with every legal part',
    explanation: () => 'Of cases whose first SIP meeting was held in the month: how many now have an established plan, with every part SoL 2:7 and HSL 16:4 require.',
  },
  evaluationsOnTime: {
    label: 'Evaluations on time',
    explanation: (d) =>
      `Of evaluation points falling in the month in VoSS cases with consent to evaluation, done or late: how many were marked done at most ${d.graceDays} working days after their date (local setting).`,
  },
  overdue: { label: 'Cases with overdue reminders', explanation: () => 'Of ongoing cases today: how many have something overdue (a reminder whose day has passed).' },
};

export function figureText(locale: Locale, figure: FigureId, days: FigureDays): { label: string; explanation: string } {
  const t = (locale === 'en' ? en : sv)[figure];
  return { label: t.label, explanation: t.explanation(days) };
}

const words = {
  sv: {
    fewerThan: 'färre än',
    moreThan: 'fler än',
    protects: 'dold',
    none: '–',
    of: 'av',
    median: 'median',
    all: 'alla enheter',
    other: 'övrigt',
    principal: { region: 'Region', kommun: 'Kommun' } as Record<Principal, string>,
    notBuilt: 'Siffrorna räknas fram – titta igen om en stund.',
    built: 'Uppdaterad',
    csvHeader: ['Huvudman', 'Enhet', 'Mått', 'Förklaring'],
    months: ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
  },
  en: {
    fewerThan: 'fewer than',
    moreThan: 'more than',
    protects: 'hidden',
    none: '–',
    of: 'of',
    median: 'median',
    all: 'all units',
    other: 'other',
    principal: { region: 'Region', kommun: 'Municipality' } as Record<Principal, string>,
    notBuilt: 'The figures are being counted – look again in a while.',
    built: 'Updated',
    csvHeader: ['Principal', 'Unit', 'Figure', 'Explanation'],
    months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  },
} as const;

export function statisticsWords(locale: Locale): (typeof words)[Locale] {
  return words[locale];
}
