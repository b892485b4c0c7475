import { containsPersonnummer } from '../domain/personnummer';

/**
 * What a user typed, fit to send back in a refused form: any value that holds something shaped
 * like a personnummer is emptied, whatever the field was refused for. The returned card replaces
 * the message and stays in the chat, so the number must not come back in it.
 */
export function scrubTyped<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' && containsPersonnummer(v) ? '' : v])) as T;
}
