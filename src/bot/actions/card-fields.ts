import { z } from 'zod';
import { PLAYGROUND_PICKER_ID } from '../picked-person';

/**
 * A card's revision of what it shows. Templating delivers it as a number or as digits in a
 * string; anything else (null, "", true, "0x10") is malformed, not zero.
 */
export const rev = z.union([z.number().int().min(0).max(1_000_000), z.string().regex(/^\d{1,7}$/).transform(Number)]);

/**
 * An AAD object id from the people picker or a known colleague: GUID-shaped, never free text.
 * (The Agents Playground's mock users have a longer last group, hence 12–16.)
 */
export const aadObjectId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,16}$/i)
  // Teams sends object ids in lower case; a forged upper-case id must not become a second person.
  .transform((id) => id.toLowerCase());

/** A weekend or holiday date a form has asked about and the user keeps: the card sends it back. */
export const confirmedDay = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).optional();

/**
 * A coordinator of another tenant of the deployment, as the form offers them: "<object id>@<tenant
 * id>". The people picker only knows the user's own directory, so the tenant rides along.
 */
export const otherTenantPick = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  .transform((v) => v.toLowerCase());

/**
 * A people picker's choice: an object id, a coordinator of another tenant, or the Agents
 * Playground's mock id, which only local mode resolves (see pickedPerson).
 */
export const pickedId = z.union([aadObjectId, otherTenantPick, z.string().regex(PLAYGROUND_PICKER_ID)]);

/** A form card's back button, once the card has said that what is typed is not saved: leave without it. */
export const discard = z.enum(['true', '']).optional();

/**
 * Sent by a button whose card sends every input it shows. The Adaptive Cards renderers leave an
 * empty input out of the data: on such a card an input not sent was emptied, not missing.
 */
export const allInputs = z.literal('all').optional();
