import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/bot/command-catalogue';
import { helpCard } from '../../src/cards/help-card';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminder-rules';
import { CASE_TEXT_KEYS, caseText } from '../../src/i18n/case-texts';
import { USER_ERRORS } from '../../src/i18n/errors';
import { AVOIDED_PHRASES, avoidedIn } from '../../src/i18n/glossary';
import { PLAN_TEXT_KEYS, planText } from '../../src/i18n/plan-texts';
import { COMMON_PROBLEMS } from '../../src/i18n/problem-texts';
import { REMINDER_LABELS, REMINDER_TEXT_KINDS, reminderText } from '../../src/i18n/reminder-texts';
import { SIP_TEXT_KEYS, sipText } from '../../src/i18n/sip-texts';
import { TEXT_KEYS, text } from '../../src/i18n/texts';
import { EVALUATION_TEXT_KEYS, evaluationText } from '../../src/i18n/evaluation-texts';

/** Every Swedish text the bot has, by where it comes from. */
function swedishTexts(): Array<[string, string]> {
  return [
    ...CASE_TEXT_KEYS.map((k): [string, string] => [`case-texts ${k}`, caseText('sv', k)]),
    ...SIP_TEXT_KEYS.map((k): [string, string] => [`sip-texts ${k}`, sipText('sv', k)]),
    ...PLAN_TEXT_KEYS.map((k): [string, string] => [`plan-texts ${k}`, planText('sv', k)]),
    ...TEXT_KEYS.map((k): [string, string] => [`texts ${k}`, text('sv', k)]),
    ...EVALUATION_TEXT_KEYS.map((k): [string, string] => [`evaluation-texts ${k}`, evaluationText('sv', k)]),
    ...REMINDER_TEXT_KINDS.flatMap((k): Array<[string, string]> => {
      const { title, why } = reminderText('sv', k, DEFAULT_REMINDER_SETTINGS);
      return [[`reminder ${k} title`, title], [`reminder ${k} why`, why]];
    }),
    ...Object.entries(REMINDER_LABELS.sv).map(([k, v]): [string, string] => [`reminder label ${k}`, v]),
    ...Object.entries(USER_ERRORS).map(([k, v]): [string, string] => [`error ${k}`, v.sv]),
    ...Object.entries(COMMON_PROBLEMS.sv).map(([k, v]): [string, string] => [`problem ${k}`, v]),
    ...COMMANDS.map((c): [string, string] => [`command ${c.id}`, c.descriptionSv]),
  ];
}

describe('the glossary', () => {
  it('finds none of its avoided phrases in any Swedish text of the bot', () => {
    const texts = swedishTexts();
    expect(texts.length).toBeGreaterThan(500);
    const found = texts.flatMap(([where, t]) => avoidedIn(t).map((a) => `${where}: "${t}" has ${String(a.phrase)} (${a.why}; skriv ${a.instead})`));
    expect(found).toEqual([]);
  });

  // The phrases METHOD.md's table of words names, as the bot once wrote them: each is caught.
  const KNOWN_BAD = [
    'Samordnaren från region saknas ännu.',
    'Anna har lagt till dig som samordnare för kommun i ärende VSS-2026-0001.',
    'ändrade sina påminnelser (on:groupChat)',
    'markerade kallelse M1:kommun som skickad',
    'sparade krisplanen (rev1)',
    'Närstående (om personen vill)',
    'Kopiera texten till ert kallelsesystem eller e-post',
    'Ordförande (roll)',
    'Den andra huvudmannen bör ha kallelsen senast 1 dec. (10 arbetsdagar före mötet).',
    'Boka det första mötet',
    'Givet (muntligt), gäller till 30 juni 2028',
    'Ja, samtycke givet',
    'Har personen gett samtycke?',
    'Upprepade psykiatriska slutenvårdstillfällen',
    'Högkonsument av vård och stöd',
    'Avbryter kontakter trots omfattande behov',
    'Inbjudan till den andra huvudmannen i god tid, där syftet med SIP-mötet framgår.',
    'SIP-mötet uppföljt.',
    'Visar kris- och handlingsplanen: tidiga tecken och vem gör vad.',
    'Övergripande ansvar',
    'Sammanfattning: skrivs in i planen, övergripande ansvarig utses',
    'Ärende: {code}\nUppföljning: {followUp}',
    'Insats: vad',
    'Tecken',
    'Initialer eller smeknamn',
    'Skriv aldrig personnummer eller namn på den ni samordnar för.',
    'Mötescirkeln för 90 minuter.',
    'Exportera plan',
    'Flyttat 1 gång(er)',
    'Boende',
    'Ej aktuell…',
  ];

  it.each(KNOWN_BAD)('catches "%s"', (bad) => {
    expect(avoidedIn(bad)).not.toEqual([]);
  });

  it('has a known bad phrase for every avoided phrase, so none is dead', () => {
    for (const a of AVOIDED_PHRASES) expect(KNOWN_BAD.some((bad) => a.phrase.test(bad)), String(a.phrase)).toBe(true);
  });

  it('lets the right words through', () => {
    for (const good of ['Vård- och stödsamordnaren från regionen saknas ännu.', 'i så god tid som möjligt', 'vem som gör vad', 'Lämnat (muntligt), gäller t.o.m. 30 juni 2028', 'Datum för uppföljning', 'Uppföljning av M1', 'Boendestöd / bostad med särskild service', 'Tidigt tecken']) {
      expect(avoidedIn(good), good).toEqual([]);
    }
  });
});

describe('the help card', () => {
  const usages = (locale: 'sv' | 'en') => JSON.stringify(helpCard(locale, COMMANDS));

  it('in Swedish shows only the Swedish commands, with KOD', () => {
    const sv = usages('sv');
    expect(sv).toContain('ärende KOD');
    for (const c of COMMANDS) for (const word of c.en) if (!c.sv.includes(word)) expect(sv, word).not.toContain(`(${word}`);
    expect(sv).not.toContain('CODE');
  });

  it('in English shows only the English commands, with CODE', () => {
    const en = usages('en');
    expect(en).toContain('case CODE');
    expect(en).not.toContain('ärende');
    expect(en).not.toContain('KOD');
  });
});
