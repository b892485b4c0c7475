import { z } from 'zod';

/**
 * A card's revision of what it shows. Templating delivers it as a number or as digits in a
 * string; anything else (null, "", true, "0x10") is malformed, not zero.
 */
export const rev = z.union([z.number().int().min(0).max(1_000_000), z.string().regex(/^\d{1,7}$/).transform(Number)]);
