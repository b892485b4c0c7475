import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { localDate } from '../domain/calendar-date';
import { monthsUpTo, StatisticsCounter, type StatisticsSettings, type StatisticsTally } from '../domain/statistics';
import type { Logger } from '../logging/logger';
import type { TableCaseRepository } from '../storage/case-repository';
import type { JobRunStore } from '../storage/job-run-store';
import type { StatisticsStore } from '../storage/statistics-store';

export interface StatisticsJobDeps {
  readonly cases: Pick<TableCaseRepository, 'casesGoingOnOrWrittenSince'>;
  readonly store: StatisticsStore;
  readonly runs: JobRunStore;
  readonly settings: StatisticsSettings;
  /** How often the figures are counted again; each period's run is done by one instance. */
  readonly everyMinutes: number;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly instanceId?: string;
  /** How long a claim holds: a count takes seconds, so an instance that died is taken over soon. */
  readonly leaseMs?: number;
}

export type StatisticsOutcome =
  | { readonly kind: 'ran'; readonly period: string; readonly cases: number; readonly tenants: number; readonly skipped: number; readonly failedTenants: number; readonly tenantsEmptied: number }
  | { readonly kind: 'done' | 'taken'; readonly period: string };

/** The job's name in the Jobs table; the retention run removes its old runs. */
export const STATISTICS_JOB = 'statistics';
const JOB = STATISTICS_JOB;

/**
 * Counts the statistics again every period: reads every case going on or closed within the months
 * shown, once, and keeps each tenant's tally in one row. The tab then reads one row per view,
 * never the cases. The first instance to claim the period's run in the store counts; the rest
 * see it taken or done. Logs counts only.
 */
export class StatisticsJob {
  private readonly instanceId: string;
  private readonly leaseMs: number;

  constructor(private readonly deps: StatisticsJobDeps) {
    this.instanceId = deps.instanceId ?? randomUUID();
    this.leaseMs = deps.leaseMs ?? 5 * 60_000;
  }

  /** The period a moment falls in, as the run's key: its start, to the minute. */
  periodOf(now: Date): string {
    const ms = this.deps.everyMinutes * 60_000;
    return new Date(Math.floor(now.getTime() / ms) * ms).toISOString().slice(0, 16);
  }

  /** The figures of a tenant without cases: every listed unit, nothing counted. */
  emptyTally(now: Date): StatisticsTally {
    return new StatisticsCounter(this.deps.settings, now).result();
  }

  async tick(now: Date = this.deps.clock()): Promise<StatisticsOutcome> {
    const period = this.periodOf(now);
    const outcome = await this.deps.runs.claim(JOB, period, this.instanceId, now, this.leaseMs);
    if (outcome.kind !== 'claimed') return { kind: outcome.kind, period };
    const { cases, store, settings, logger } = this.deps;
    const started = performance.now();
    const counters = new Map<string, StatisticsCounter>();
    // The first day of the first month shown, a day early for the time zone: a case written since
    // may have closed within the months shown; the counter leaves out those that did not.
    const firstMonth = monthsUpTo(localDate(now, settings.reminders.timeZone), settings.months)[0]!;
    const since = new Date(Date.parse(`${firstMonth}-01T00:00:00Z`) - 86_400_000).toISOString();
    let read = 0;
    let skipped = 0;
    for await (const c of cases.casesGoingOnOrWrittenSince(since)) {
      read++;
      let tenant = counters.get(c.tenantId);
      if (tenant === undefined) {
        tenant = new StatisticsCounter(settings, now);
        counters.set(c.tenantId, tenant);
      }
      try {
        tenant.add(c);
      } catch (err) {
        // One case of a shape the count does not expect leaves the others counted; the log says
        // how many and what failed, never which case.
        skipped++;
        if (skipped === 1) logger.error({ job: JOB, kind: err instanceof Error ? err.name : typeof err }, 'statistics: a case could not be counted');
      }
      // Yield now and then: the count runs in the bot's own process, between its turns.
      if (read % 500 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    let failedTenants = 0;
    for (const [tenantId, tenant] of counters) {
      try {
        await store.save(tenantId, tenant.result());
      } catch (err) {
        // One tenant's figures that cannot be kept leave the others' kept.
        failedTenants++;
        logger.error({ job: JOB, kind: err instanceof Error ? err.name : typeof err }, 'statistics: a tenant\'s figures could not be kept');
      }
    }
    // A tenant with figures from an earlier count and no case in the months shown now has none.
    const gone = (await store.tenants()).filter((t) => !counters.has(t));
    for (const tenantId of gone) await store.remove(tenantId);
    await store.saveRun(now.toISOString());
    const counts = { cases: read, tenants: counters.size, skipped, failedTenants, tenantsEmptied: gone.length };
    await this.deps.runs.finish(outcome.claim, this.deps.clock(), counts);
    logger.info({ job: JOB, period, ...counts, durationMs: Math.round(performance.now() - started) }, 'statistics counted');
    return { kind: 'ran', period, ...counts };
  }
}
