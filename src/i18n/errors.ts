import type { Locale } from './locale';

/**
 * The one catalogue of errors a user can see. Each has a stable code (for logs and tests), the
 * Swedish and English text, and the status an invoke response carries. Texts say what happened
 * and what to do, and never echo what the user typed.
 */
export const USER_ERRORS = {
  invalidActionData: {
    status: 400,
    sv: 'Kortet skickade uppgifter som inte gick att läsa. Ingenting har ändrats. Skriv kommandot igen för att få ett nytt kort.',
    en: 'The card sent data that could not be read. Nothing was changed. Type the command again to get a fresh card.',
  },
  unknownAction: {
    status: 400,
    sv: 'Den här knappen känner jag inte igen, kanske kommer kortet från en äldre version av boten. Ingenting har ändrats. Skriv **hjälp** för att börja om.',
    en: 'I do not recognise this button; the card may come from an older version of the bot. Nothing was changed. Type **help** to start again.',
  },
  unsupportedInvoke: {
    status: 501,
    sv: 'Det här stöder boten inte ännu.',
    en: 'The bot does not support this yet.',
  },
  tenantNotAllowed: {
    status: 403,
    sv: 'Samordningsboten är inte öppen för din organisation.',
    en: 'Samordningsboten is not available to your organisation.',
  },
  caseNotFound: {
    status: 404,
    sv: 'Det finns inget ärende med den koden för dig. Kontrollera koden, eller skriv **mina ärenden** för att se dina ärenden.',
    en: 'There is no case with that code for you. Check the code, or type **my cases** to see your cases.',
  },
  caseCodeMissing: {
    status: 400,
    sv: 'Skriv ärendekoden efter kommandot, till exempel **ärende VSS-2026-0042**.',
    en: 'Type the case code after the command, for example **case VSS-2026-0042**.',
  },
  historyOnlyCoordinators: {
    status: 403,
    sv: 'Historiken visas bara för ärendets samordnare.',
    en: 'The history is shown only to the case’s coordinators.',
  },
  linkOnlyInHomeTenant: {
    status: 403,
    sv: 'Använd din egen chatt med Samordningsboten för det här ärendet. Det delas mellan två organisationers Teams, och en gruppchatt finns bara i den ena: därför kopplas det till gruppchattar i den organisation som driver boten, inte här.',
    en: 'Use your own chat with Samordningsboten for this case. It is shared between two organisations’ Teams, and a group chat lives in only one of them, so it is linked to group chats in the organisation that runs the bot, not here.',
  },
  onlyCoordinatorMayLink: {
    status: 403,
    sv: 'Bara ärendets samordnare kan koppla ärendet till en chatt.',
    en: 'Only the case’s coordinators can link the case to a chat.',
  },
  onlyCoordinatorMayClose: {
    status: 403,
    sv: 'Bara ärendets samordnare kan avsluta ärendet.',
    en: 'Only the case’s coordinators can close the case.',
  },
  linkOnlyInGroupChat: {
    status: 400,
    sv: 'Skriv **koppla KOD** i den gruppchatt som ärendet ska kopplas till.',
    en: 'Type **link CODE** in the group chat the case should be linked to.',
  },
  caseBusy: {
    status: 409,
    sv: 'Ärendet ändras just nu av någon annan. Ingenting har ändrats; försök igen om en stund.',
    en: 'Someone else is changing the case right now. Nothing was changed; try again in a moment.',
  },
  caseNotSaved: {
    status: 503,
    sv: 'Ärendet kunde inte sparas just nu, och ingenting av det har sparats. Tryck på Skapa ärendet igen om en stund; det du har skrivit finns kvar i formuläret.',
    en: 'The case could not be saved just now, and nothing of it was saved. Press Create the case again in a moment; what you typed is still in the form.',
  },
  storageUncertain: {
    status: 503,
    sv: 'Lagringen svarade inte när ändringen skulle sparas, så jag vet inte om den kom fram. Öppna ärendet igen om en stund och se efter innan du gör om den; kvarstår felet, kontakta den som förvaltar boten.',
    en: 'The storage did not answer when the change was being saved, so I cannot tell whether it arrived. Open the case again in a moment and look before you make it again; if it persists, contact whoever runs the bot.',
  },
  storageUnavailable: {
    status: 503,
    sv: 'Lagringen svarar inte just nu, så ingenting har ändrats. Försök igen om en stund; kvarstår det, kontakta den som förvaltar boten.',
    en: 'The storage is not answering just now, so nothing was changed. Try again in a moment; if it persists, contact whoever runs the bot.',
  },
  tabSignInNeeded: {
    status: 401,
    sv: 'Inloggningen gick inte att läsa eller har gått ut. Öppna fliken i Teams igen.',
    en: 'The sign-in could not be read or has expired. Open the tab in Teams again.',
  },
  tabRoleMissing: {
    status: 403,
    sv: 'Du har inte behörighet till det här. Behörigheten är en approll (Statistik.Läsa eller Logguppföljning) som den som administrerar Samordningsboten i er organisation ger.',
    en: 'You do not have access to this. Access is an app role (Statistik.Läsa or Logguppföljning) given by whoever administers Samordningsboten in your organisation.',
  },
  tabSignInNotConfigured: {
    status: 403,
    sv: 'Inloggningen till statistiken är inte inställd ännu. Kontakta den som förvaltar boten.',
    en: 'Sign-in to the statistics has not been set up yet. Contact whoever runs the bot.',
  },
  accessLogPeriodInvalid: {
    status: 400,
    sv: 'Välj en period med ett från- och ett till-datum (ÅÅÅÅ-MM-DD, till samma dag eller senare), huvudman och enhet, och försök igen.',
    en: 'Choose a period with a from and a to date (YYYY-MM-DD, to the same day or later), a principal and a unit, and try again.',
  },
  accessLogPeriodTooLong: {
    status: 400,
    sv: 'Perioden får vara högst 366 dagar. Välj en kortare period.',
    en: 'The period may be at most 366 days. Choose a shorter period.',
  },
  accessLogUnitUnknown: {
    status: 400,
    sv: 'Den enheten finns inte i listan över huvudmannens enheter. Välj en enhet i listan, eller övrigt.',
    en: 'That unit is not in the list of the principal’s units. Choose a unit from the list, or övrigt.',
  },
  accessLogOtherPrincipal: {
    status: 403,
    sv: 'Du kan följa upp loggen för din egen organisations enheter, inte för den andra huvudmannens. Välj en av era enheter.',
    en: 'You can follow up the log of your own organisation’s units, not the other principal’s. Choose one of your units.',
  },
  accessLogTooLarge: {
    status: 400,
    sv: 'Loggen för perioden är för stor för en fil. Välj en kortare period.',
    en: 'The log for the period is too large for one file. Choose a shorter period.',
  },
  internal: {
    status: 500,
    sv: 'Något gick fel hos boten. Ingenting har ändrats. Försök igen om en stund; kvarstår felet, kontakta den som förvaltar boten.',
    en: 'Something went wrong in the bot. Nothing was changed. Try again in a moment; if it persists, contact whoever runs the bot.',
  },
} as const satisfies Record<string, { status: number; sv: string; en: string }>;

export type UserErrorCode = keyof typeof USER_ERRORS;

/** An error meant for the user: thrown by handlers, turned into a reply or invoke response at the edge. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(readonly code: UserErrorCode) {
    super(code);
  }

  get status(): number {
    return USER_ERRORS[this.code].status;
  }

  textIn(locale: Locale): string {
    return USER_ERRORS[this.code][locale];
  }
}

export function userErrorText(code: UserErrorCode, locale: Locale): string {
  return USER_ERRORS[code][locale];
}
