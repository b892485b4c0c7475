import type { Response } from 'restify';
import { USER_ERRORS, type UserErrorCode } from '../i18n/errors';
import type { Locale } from '../i18n/locale';
import type { TabAuthResult } from './tab-auth';

/** Why a token was refused, as the tab's page is told it. */
const AUTH_ERRORS: Record<Exclude<TabAuthResult, { ok: true }>['reason'], UserErrorCode> = {
  missingToken: 'tabSignInNeeded',
  invalidToken: 'tabSignInNeeded',
  wrongTenant: 'tenantNotAllowed',
  missingRole: 'tabRoleMissing',
  notConfigured: 'tabSignInNotConfigured',
};

/** An error for the tab's page to show: JSON `{ error, message }` from the one catalogue. */
export function tabProblem(res: Response, code: UserErrorCode, locale: Locale = 'sv', status: number = USER_ERRORS[code].status): void {
  res.send(status, { error: code, message: USER_ERRORS[code][locale] });
}

/** The answer to a request whose sign-in was refused. */
export function tabRefusal(res: Response, refused: Exclude<TabAuthResult, { ok: true }>, locale: Locale = 'sv'): void {
  if (refused.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  tabProblem(res, AUTH_ERRORS[refused.reason], locale, refused.status);
}
