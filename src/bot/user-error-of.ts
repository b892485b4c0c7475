import { UserError } from '../i18n/errors';
import { StorageUnavailableError } from '../storage/storage-deadline';

/**
 * The user's side of an error a handler let through: its own code for a UserError, the storage
 * messages when the store did not answer, otherwise undefined (an internal error, to be logged).
 */
export function asUserError(err: unknown): UserError | undefined {
  if (err instanceof UserError) return err;
  // "Nothing was changed" only when that is certain: a write whose answer was lost may have landed.
  if (err instanceof StorageUnavailableError) return new UserError(err.mayHaveWritten ? 'storageUncertain' : 'storageUnavailable');
  return undefined;
}
