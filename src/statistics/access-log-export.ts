/**
 * The access-log export (app role Logguppföljning): who viewed or changed which of a unit's cases
 * when, over a period, as CSV from the audit rows; and the export itself written to its own log
 * before the file is handed out, so no export goes unrecorded.
 */
import { auditEventText } from '../cards/case-history-card';
import { caseOfUnit, placeInCase, type LogPeriod } from '../domain/access-log';
import type { AuditEvent, CaseState, Principal } from '../domain/case-model';
import type { UnitCatalogue } from '../domain/units';
import { utcToZoned } from '../domain/zoned-time';
import type { TabUser } from '../http/tab-auth';
import type { Logger } from '../logging/logger';
import type { AccessLogExportStore } from '../storage/access-log-export-store';
import type { TableCaseRepository } from '../storage/case-repository';
import { excelCsv } from './excel-csv';

/** More rows than this would not fit the instance's memory in one file: a shorter period is asked for. */
export const ACCESS_LOG_MAX_ROWS = 100_000;
/** Cases whose log rows are read at once: a few parallel queries, not hundreds. */
const PARALLEL_CASES = 8;

const COLUMNS = ['tidpunkt', 'ärende', 'åtgärd', 'åtgärdskod', 'vem', 'användar-id', 'huvudman', 'enhet'] as const;

export interface AccessLogExportDeps {
  readonly cases: Pick<TableCaseRepository, 'casesOfTenant' | 'auditBetween'>;
  readonly exports: Pick<AccessLogExportStore, 'record'>;
  readonly units: UnitCatalogue;
  readonly timeZone: string;
  readonly clock: () => Date;
  readonly logger: Logger;
}

export interface AccessLogRequest {
  /** The local days asked for (YYYY-MM-DD), and the instants they span. */
  readonly firstDay: string;
  readonly lastDay: string;
  readonly period: LogPeriod;
  readonly principal: Principal;
  /** The unit in the list's spelling, or "övrigt". */
  readonly unit: string;
}

export type AccessLogFile = { readonly kind: 'file'; readonly csv: string; readonly rows: number; readonly cases: number } | { readonly kind: 'tooMany' };

/** What a row needs of its case: a tenant's whole scan must not be held in memory. */
type CaseOfUnit = Pick<CaseState, 'tenantId' | 'code' | 'coordinators'>;

interface LogRow {
  readonly c: CaseOfUnit;
  readonly e: AuditEvent;
}

/** Builds the unit's log for the period, records the export under the user, and returns the file. */
export async function exportAccessLog(deps: AccessLogExportDeps, user: TabUser, request: AccessLogRequest): Promise<AccessLogFile> {
  const ofUnit: CaseOfUnit[] = [];
  for await (const c of deps.cases.casesOfTenant(user.storeTenantId)) {
    if (caseOfUnit(c, deps.units, request.principal, request.unit)) ofUnit.push({ tenantId: c.tenantId, code: c.code, coordinators: c.coordinators });
  }
  const rows: LogRow[] = [];
  for (let i = 0; i < ofUnit.length; i += PARALLEL_CASES) {
    const batch = ofUnit.slice(i, i + PARALLEL_CASES);
    const logs = await Promise.all(batch.map((c) => deps.cases.auditBetween(c.tenantId, c.code, request.period.from, request.period.until)));
    batch.forEach((c, j) => rows.push(...logs[j]!.map((e) => ({ c, e }))));
    if (rows.length > ACCESS_LOG_MAX_ROWS) return { kind: 'tooMany' };
  }
  // Oldest first, as a log is read; the same instant in case-code order.
  rows.sort((a, b) => (a.e.at === b.e.at ? a.c.code.localeCompare(b.c.code) : a.e.at < b.e.at ? -1 : 1));
  const csv = toCsv(deps, rows);
  const cases = new Set(rows.map((r) => r.c.code)).size;
  await deps.exports.record({
    tenantId: user.tenantId,
    at: deps.clock().toISOString(),
    by: { aadObjectId: user.aadObjectId, name: user.name },
    from: request.firstDay,
    to: request.lastDay,
    principal: request.principal,
    unit: request.unit,
    rows: rows.length,
    cases,
  });
  // Counts only: who exported which unit is in the export log, not in the application log.
  deps.logger.info({ rows: rows.length, cases, casesOfUnit: ofUnit.length, local: user.local }, 'access log exported');
  return { kind: 'file', csv, rows: rows.length, cases };
}

/** One row per audit entry, under the Swedish column names (excelCsv: display names come from Teams). */
function toCsv(deps: AccessLogExportDeps, rows: readonly LogRow[]): string {
  const ctx = { locale: 'sv' as const, timeZone: deps.timeZone };
  return excelCsv([
    COLUMNS,
    ...rows.map(({ c, e }) => {
      const local = utcToZoned(e.at, deps.timeZone);
      const place = placeInCase(c, deps.units, e.by.aadObjectId);
      return [`${local.date} ${local.time}`, c.code, plain(auditEventText(ctx, e)), e.action, e.by.name ?? '', e.by.aadObjectId, place?.principal ?? '', place?.unit ?? ''];
    }),
  ]);
}

/** The history card's words are Markdown; a spreadsheet shows the backslashes an escape leaves. */
function plain(markdown: string): string {
  return markdown.replace(/\\([\\`*_~[\]<>|{}&#+\-.)=!])/g, '$1');
}
