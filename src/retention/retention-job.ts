import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { caseDueForRemoval, currentRun, retentionCutoffs, type RetentionRules } from '../domain/retention';
import type { Logger } from '../logging/logger';
import type { TableCaseIndexRepository } from '../storage/case-index-repository';
import type { TableCaseRepository } from '../storage/case-repository';
import type { AccessLogExportStore } from '../storage/access-log-export-store';
import type { JobClaim, JobRunStore } from '../storage/job-run-store';
import type { ReminderStore } from '../storage/reminder-store';
import { STATISTICS_JOB } from '../statistics/statistics-job';

export interface RetentionJobDeps {
  readonly cases: TableCaseRepository;
  readonly caseIndex: TableCaseIndexRepository;
  readonly reminders: ReminderStore;
  /** The log of access-log exports: log rows too, removed after the same years as the audit rows. */
  readonly accessLogExports?: Pick<AccessLogExportStore, 'removeBefore'>;
  readonly runs: JobRunStore;
  readonly rules: RetentionRules;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Names this instance in the run's row; random unless a test names it. */
  readonly instanceId?: string;
  /**
   * How long a claim holds without being renewed. The run renews it as it goes, so only an
   * instance that died (or lost the store) lets it run out; then another takes the run over.
   */
  readonly leaseMs?: number;
}

/** What a check found: the day's run done here, or by someone else, or in someone else's hands. */
export type RetentionOutcome =
  | { readonly kind: 'ran'; readonly day: string; readonly casesRemoved: number; readonly logRowsRemoved: number; readonly casesChanged: number }
  | { readonly kind: 'done'; readonly day: string }
  | { readonly kind: 'taken'; readonly day: string }
  /** Another instance took the run over while this one worked (this one was too slow to renew). */
  | { readonly kind: 'lost'; readonly day: string };

const JOB = 'retention';

class LostClaim extends Error {}

/**
 * The daily retention run: removes the access and change log rows older than the log retention,
 * and the cases finished longer ago than the closed-case retention (all their rows but log rows
 * still kept). Every instance checks now and then; the first to claim the day's row in the store
 * runs it, the rest see it taken or done. Every step can be done twice, so a run taken over from
 * a dead instance simply does again what that one had not finished. It logs counts only.
 */
export class RetentionJob {
  private readonly instanceId: string;
  private readonly leaseMs: number;

  constructor(private readonly deps: RetentionJobDeps) {
    this.instanceId = deps.instanceId ?? randomUUID();
    this.leaseMs = deps.leaseMs ?? 10 * 60_000;
  }

  /** Runs the day's retention if it is due and no other instance has it. */
  async tick(now: Date = this.deps.clock()): Promise<RetentionOutcome> {
    const { day } = currentRun(this.deps.rules, now);
    const outcome = await this.deps.runs.claim(JOB, day, this.instanceId, now, this.leaseMs);
    if (outcome.kind !== 'claimed') return { kind: outcome.kind, day };
    return this.run(outcome.claim, now);
  }

  private async run(claimed: JobClaim, now: Date): Promise<RetentionOutcome> {
    const { cases, caseIndex, reminders, runs, rules, clock, logger } = this.deps;
    const started = performance.now();
    const cut = retentionCutoffs(rules, now);
    let claim = claimed;
    let renewedAt = now.getTime();
    // Renewed at a third of the lease, so a slow table call does not let it lapse.
    const holdOn = async (): Promise<void> => {
      const at = clock();
      if (at.getTime() - renewedAt < this.leaseMs / 3) return;
      const renewed = await runs.renew(claim, at, this.leaseMs);
      if (renewed === undefined) throw new LostClaim();
      claim = renewed;
      renewedAt = at.getTime();
    };
    let casesRemoved = 0;
    let casesChanged = 0;
    let logRowsRemoved = 0;
    try {
      // updatedAt is never before a case finished, so the store's filter lets through every case due.
      for await (const stored of cases.finishedCasesBefore(cut.closedBefore)) {
        if (!caseDueForRemoval(stored.state, cut)) continue;
        const { tenantId, code } = stored.state;
        // Everything but the case's row first, its row last: a run that stops in between finds the
        // case again next time and finishes it. Its outbox rows go before the index and the
        // reminders, so a sweep of a left-over row cannot put back what was just removed.
        logRowsRemoved += (await cases.removeCaseRowsExceptCase(tenantId, code, cut.logBefore)).logRows;
        await caseIndex.removeCase(tenantId, code);
        await reminders.removeCase(tenantId, code);
        // With the ETag read: a case written meanwhile is no longer the one found finished, and stays.
        if (await cases.removeCaseRow(stored)) casesRemoved++;
        else casesChanged++;
        await holdOn();
      }
      logRowsRemoved += await cases.removeAuditBefore(cut.logBefore, holdOn);
      logRowsRemoved += (await this.deps.accessLogExports?.removeBefore(cut.logBefore, holdOn)) ?? 0;
    } catch (err) {
      if (err instanceof LostClaim) {
        logger.warn({ job: JOB, casesRemoved, logRowsRemoved }, 'retention run taken over by another instance');
        return { kind: 'lost', day: claim.day };
      }
      throw err;
    }
    // The statistics job's runs, one a period, are of no use once the period is past: a week is kept to look at.
    const jobRowsRemoved = await runs.removeBefore(STATISTICS_JOB, new Date(now.getTime() - 7 * 86_400_000).toISOString());
    const counts = { casesRemoved, logRowsRemoved, casesChanged, jobRowsRemoved };
    if (!(await runs.finish(claim, clock(), counts))) {
      logger.warn({ job: JOB, ...counts }, 'retention run taken over by another instance');
      return { kind: 'lost', day: claim.day };
    }
    logger.info({ job: JOB, day: claim.day, ...counts, durationMs: Math.round(performance.now() - started) }, 'retention run done');
    return { kind: 'ran', day: claim.day, ...counts };
  }
}
