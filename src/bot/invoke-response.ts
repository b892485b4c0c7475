import type { InvokeResponse } from 'botbuilder';
import type { AdaptiveCard } from '../cards/card-template';
import { USER_ERRORS, type UserErrorCode } from '../i18n/errors';
import type { Locale } from '../i18n/locale';

/**
 * Universal Actions responses. The HTTP status is always 200: the invoke itself was handled, and
 * Teams reads the outcome from the body's statusCode and type.
 */
export function cardResponse(card: AdaptiveCard): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } };
}

export function messageResponse(text: string): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } };
}

export function errorResponse(code: UserErrorCode, locale: Locale): InvokeResponse {
  const error = USER_ERRORS[code];
  return {
    status: 200,
    body: { statusCode: error.status, type: 'application/vnd.microsoft.error', value: { code, message: error[locale] } },
  };
}
