import type { DeploymentTenants } from '../../config/deployment-tenants';
import type { Request, Response, Server } from 'restify';
import type { StatisticsTally } from '../../domain/statistics';
import type { UnitCatalogue } from '../../domain/units';
import { localeOf, type Locale } from '../../i18n/locale';
import type { Logger } from '../../logging/logger';
import type { StatisticsStore } from '../../storage/statistics-store';
import { statisticsCsv, statisticsView } from '../../statistics/statistics-view-model';
import type { TabAuth, TabAuthResult } from '../tab-auth';
import { tabProblem, tabRefusal } from '../tab-refusal';

export interface StatisticsRouteDeps {
  readonly auth: TabAuth;
  readonly store: Pick<StatisticsStore, 'get' | 'lastRun'>;
  /** A tenant's figures with nothing counted, for one without cases or before the first count. */
  readonly emptyTally: (now: Date) => StatisticsTally;
  readonly clock: () => Date;
  readonly units: UnitCatalogue;
  readonly timeZone: string;
  /** The local kallelse guideline, which one figure's explanation states. */
  readonly lateWorkingDays: number;
  /** The evaluation points' local grace, which the evaluation figure's explanation states. */
  readonly evaluationGraceWorkingDays: number;
  /** The deployment's language, or undefined to follow the browser. */
  readonly forcedLocale: Locale | undefined;
  readonly logger: Logger;
  /** In a deployment serving several tenants, each organisation follows up its own units' access log. */
  readonly tenants: DeploymentTenants;
}

/**
 * GET /api/statistik (the tab's figures, JSON) and GET /api/statistik.csv (the same table), for
 * users with the app role Statistik.Läsa. Each reads one row: the tenant's figures as last
 * counted by the statistics job, never the cases.
 */
export function registerStatisticsRoutes(server: Server, deps: StatisticsRouteDeps): void {
  const answer = (format: 'json' | 'csv') => async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const locale = deps.forcedLocale ?? localeOf(req.header('accept-language'));
    const auth: TabAuthResult = await deps.auth.authenticate(req.header('authorization'), 'statistics');
    if (!auth.ok) return tabRefusal(res, auth, locale);
    let view;
    try {
      const counted = await deps.store.get(auth.user.storeTenantId);
      // No row: the tenant had no cases at the last count, or nothing was counted yet.
      const lastRun = counted === undefined ? await deps.store.lastRun() : counted.builtAt;
      const tally = counted ?? { ...deps.emptyTally(deps.clock()), ...(lastRun === undefined ? {} : { builtAt: lastRun }) };
      view = statisticsView(tally, lastRun !== undefined, {
        locale,
        timeZone: deps.timeZone,
        lateWorkingDays: deps.lateWorkingDays,
        evaluationGraceWorkingDays: deps.evaluationGraceWorkingDays,
        viewer: auth.user.name,
        local: auth.user.local,
        accessLogExport: auth.user.roles.includes('accessLog'),
        accessLogPrincipals: deps.tenants.accessLogPrincipals(auth.user.tenantId),
        units: deps.units,
      });
    } catch (err) {
      // The kind of failure only, as for the access log: a store's message can name partitions.
      deps.logger.error({ kind: err instanceof Error ? err.name : typeof err }, 'statistics: the store did not answer');
      return tabProblem(res, 'storageUnavailable', locale);
    }
    if (format === 'json') {
      res.json(200, view);
      return;
    }
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="statistik-${(view.builtAt ?? '').slice(0, 10) || 'ej-raknad'}.csv"`);
    res.sendRaw(200, statisticsCsv(view, locale));
  };
  server.get('/api/statistik', answer('json'));
  server.get('/api/statistik.csv', answer('csv'));
}
