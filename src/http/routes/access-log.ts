import type { DeploymentTenants } from '../../config/deployment-tenants';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { askedUnit, logPeriod } from '../../domain/access-log';
import type { Logger } from '../../logging/logger';
import { exportAccessLog, type AccessLogExportDeps } from '../../statistics/access-log-export';
import type { TabAuth } from '../tab-auth';
import { localeOf, type Locale } from '../../i18n/locale';
import { tabProblem, tabRefusal } from '../tab-refusal';

export const ACCESS_LOG_ROUTE = '/api/logguppfoljning.csv';

export interface AccessLogRouteDeps {
  readonly tabAuth: TabAuth;
  /** In a deployment serving several tenants, each organisation follows up its own units' log. */
  readonly tenants: DeploymentTenants;
  readonly export: AccessLogExportDeps;
  readonly logger: Logger;
  /** The deployment's language (REPLY_LOCALE), or undefined to follow the browser. */
  readonly forcedLocale: Locale | undefined;
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** The page's form, in its Swedish names: period (local days, both included), principal and unit. */
const query = z.strictObject({
  fran: day,
  till: day,
  huvudman: z.enum(['region', 'kommun']),
  enhet: z.string().trim().min(1).max(200),
});

/**
 * GET /api/logguppfoljning.csv?fran=YYYY-MM-DD&till=YYYY-MM-DD&huvudman=region|kommun&enhet=…
 * — the access log of a unit's cases over a period, for users with the app role Logguppföljning.
 * Errors are JSON, `{ error, message }`, for the tab's page to show.
 */
export function registerAccessLogRoute(server: Server, deps: AccessLogRouteDeps): void {
  server.get(ACCESS_LOG_ROUTE, async (req: Request, res: Response) => {
    // Names of people and case codes: no proxy or browser cache keeps them.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // The deployment's language, else the page's own, as the statistics route answers it.
    const locale = deps.forcedLocale ?? localeOf(req.header('accept-language'));
    const auth = await deps.tabAuth.authenticate(req.header('authorization'), 'accessLog');
    if (!auth.ok) return tabRefusal(res, auth, locale);

    const params = new URL(req.url ?? '', 'http://localhost').searchParams;
    const keys = [...params.keys()];
    // A name given twice would make the period or unit ambiguous.
    const parsed = new Set(keys).size === keys.length ? query.safeParse(Object.fromEntries(params)) : undefined;
    if (parsed === undefined || !parsed.success) return tabProblem(res, 'accessLogPeriodInvalid', locale);
    const { fran, till, huvudman, enhet } = parsed.data;
    const period = logPeriod(fran, till, deps.export.timeZone);
    if (period === 'invalid') return tabProblem(res, 'accessLogPeriodInvalid', locale);
    if (period === 'tooLong') return tabProblem(res, 'accessLogPeriodTooLong', locale);
    // The role is given by each tenant's own admin: the kommun's holder may not read the region's log.
    if (!deps.tenants.accessLogPrincipals(auth.user.tenantId).includes(huvudman)) return tabProblem(res, 'accessLogOtherPrincipal', locale);
    const unit = askedUnit(deps.export.units, huvudman, enhet);
    if (unit === undefined) return tabProblem(res, 'accessLogUnitUnknown', locale);

    try {
      const file = await exportAccessLog(deps.export, auth.user, { firstDay: fran, lastDay: till, period, principal: huvudman, unit });
      if (file.kind === 'tooMany') return tabProblem(res, 'accessLogTooLarge', locale);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      // The slug is ASCII letters, digits and dashes; the dates are checked: nothing to escape.
      res.setHeader('Content-Disposition', `attachment; filename="logguppfoljning-${slug(unit)}-${fran}-${till}.csv"`);
      res.sendRaw(200, file.csv);
    } catch (err) {
      // The kind of failure only: a store's message can name partitions, which hold case codes.
      const kind = err instanceof Error ? err.name : typeof err;
      const statusCode = typeof err === 'object' && err !== null && 'statusCode' in err ? err.statusCode : undefined;
      deps.logger.error({ kind, statusCode }, 'access log export: the store did not answer');
      tabProblem(res, 'storageUnavailable', locale);
    }
  });
}

/** "Psykiatrisk öppenvård Norr" → "psykiatrisk-oppenvard-norr". */
function slug(unit: string): string {
  const s = unit
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return s === '' ? 'enhet' : s;
}
