/**
 * A set of cases whose statistics are counted by hand (test/domain/statistics.test.ts and
 * test/http/statistics.test.ts), built as plain states so each case says exactly what it contributes.
 */
import { seedCase as plainCase, SEED_TENANT, type Meeting, type Seed } from '../../bench/support/seed-case';
import type { CaseState } from '../../src/domain/case-model';
import type { UnitCatalogue } from '../../src/domain/units';

export { SEED_TENANT };
export const OTHER_TENANT = '9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4';
/** Wednesday 25 November 2026, 11:00 in Stockholm. */
export const SEED_NOW = new Date('2026-11-25T10:00:00.000Z');
const seedCase = (s: Omit<Seed, 'updatedAt'>): CaseState => plainCase({ ...s, updatedAt: SEED_NOW.toISOString() });

export const SEED_UNITS: UnitCatalogue = { region: ['Psykiatri Väst', 'Vårdcentral Norr'], kommun: ['Socialpsykiatri'] };

const P = { regionUnit: 'Psykiatri Väst', kommunUnit: 'Socialpsykiatri' } as const;
/** The kommun unit of the Q cases is free text from before the list: it counts as övrigt. */
const Q = { regionUnit: 'Vårdcentral Norr', kommunUnit: 'Hemtjänst Söder' } as const;

const M1 = (sentOn: string): Meeting => ({ id: 'M1', day: '2026-11-02', sentOn });
/** A follow-up held before the first plan's follow-up date (20 November), its kallelse in time. */
const M2: Meeting = { id: 'M2', day: '2026-11-19', sentOn: '2026-11-02', followUpOf: 'M1' };
const CONSENT_DAYS = ['2026-10-06', '2026-10-07', '2026-10-07', '2026-10-08', '2026-10-09', '2026-10-12'];

/**
 * The hand-counted set: see the expectations in test/domain/statistics.test.ts (as it is) and
 * test/http/statistics.test.ts (with the P cases three times over, so that shares have enough
 * cases on both sides to be shown).
 */
export function seededCases(tenantId: string = SEED_TENANT, copies = 1): CaseState[] {
  const cases: CaseState[] = [];
  for (let k = 0; k < copies; k++) cases.push(...pCases(tenantId, k));
  // Closed before the months shown: left out.
  cases.push(seedCase({ code: 'SIP-2025-0001', tenantId, kind: 'sip', opened: '2025-03-03', ...P, b1: true, closedOn: '2025-06-02' }));
  for (let i = 0; i < 3; i++) cases.push(seedCase({ code: `VSS-2026-${String(i + 1).padStart(4, '0')}`, tenantId, kind: 'vss', opened: '2026-09-14', ...Q, b1: i === 0 }));
  // VoSS cases whose person said yes to evaluation on Monday 2 March; closed 10 November, after P6
  // (2 September) and before P12. See the evaluationsOnTime expectations.
  for (let i = 0; i < 6; i++) {
    const done = { P0: i < 5 ? '2026-03-02' : '2026-03-20', ...(i < 4 ? { P6: '2026-09-10' } : {}) };
    cases.push(
      seedCase({ code: `VSS-2026-${String(i + 11).padStart(4, '0')}`, tenantId, kind: 'vss', opened: '2026-03-02', ...P, b1: true, evaluation: { yesOn: '2026-03-02', done, ...(i === 4 ? { withdrawnOn: '2026-08-03' } : {}) }, closedOn: '2026-11-10' }),
    );
  }
  // Another tenant's cases never show.
  for (let i = 0; i < 6; i++) cases.push(seedCase({ code: `SIP-2026-${String(i + 501).padStart(4, '0')}`, tenantId: OTHER_TENANT, kind: 'sip', opened: '2026-10-05', ...P, b1: true }));
  return cases;
}

/**
 * Eight open SIP cases and one closed, all opened Monday 5 October 2026 in the P units; copy k
 * has the codes from 100·k + 1.
 */
function pCases(tenantId: string, k: number): CaseState[] {
  const cases: CaseState[] = [];
  const code = (i: number) => `SIP-2026-${String(100 * k + i + 1).padStart(4, '0')}`;
  for (let i = 0; i < 8; i++) {
    const held = i < 6;
    const meetings = !held ? [] : i < 3 ? [M1('2026-10-16'), M2] : [M1(i < 5 ? '2026-10-16' : '2026-10-28')];
    const plans = i < 3 ? [{ meetingId: 'M1', followUpDate: '2026-11-20' }, { meetingId: 'M2', followUpDate: '2027-03-01' }] : i < 5 ? [{ meetingId: 'M1', followUpDate: '2026-11-20' }] : [];
    cases.push(
      seedCase({
        code: code(i),
        tenantId,
        kind: 'sip',
        opened: '2026-10-05',
        ...P,
        b1: i < 6,
        ...(i < 6 ? { consentOn: CONSENT_DAYS[i]! } : {}),
        meetings,
        plans,
        ...(held ? { crisis: i < 5 ? { reviewDate: '2027-01-15', reviews: [{ due: '2026-11-16', revisedOn: '2026-11-13' }] } : { reviewDate: '2026-11-10' } } : {}),
      }),
    );
  }
  // Closed in the months shown: counted; its B1 answered.
  cases.push(seedCase({ code: code(8), tenantId, kind: 'sip', opened: '2026-10-05', ...P, b1: true, closedOn: '2026-11-10' }));
  return cases;
}
