import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { containsPersonnummer } from '../domain/personnummer';
import { OTHER_UNIT } from '../domain/units';
import { NO_UNITS, UNIT_NAME_LIMIT, type UnitCatalogue } from '../domain/units';
import { projectRoot } from '../project-root';
import { ConfigError, type UnitsSource } from './config';

/** Enough for a region's clinics or a kommun's units; a longer list would not fit a choice set. */
export const UNITS_PER_PRINCIPAL = 200;

const unitName = z
  .string({ message: 'must be a unit name in quotes' })
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(1, 'is empty')
      .max(UNIT_NAME_LIMIT, `is longer than ${UNIT_NAME_LIMIT} characters`)
      // A name is shown on one line of a choice and stored as a coordinator's unit.
      .refine((s) => !/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/.test(s), 'must be one line without control characters')
      // Stored on every case of the unit: the same guard as everything a coordinator types.
      .refine((s) => !containsPersonnummer(s), 'looks like a personnummer or samordningsnummer, which must not be stored')
      // The statistics' name for every unit not on the list: a listed one by that name would merge with them.
      .refine((s) => s.toLocaleLowerCase('sv') !== OTHER_UNIT, `may not be "${OTHER_UNIT}", the statistics' name for units not on the list`),
  );

const unitList = z
  .array(unitName, { message: 'must be a list of unit names' })
  .max(UNITS_PER_PRINCIPAL, `has more than ${UNITS_PER_PRINCIPAL} units`)
  .superRefine((names, ctx) => {
    // The bot matches a unit without regard to case, so two such spellings would be one unit.
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      const key = name.toLocaleLowerCase('sv');
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else ctx.addIssue({ code: 'custom', path: [i], message: `is the same as unit ${first + 1} (case does not matter)` });
    });
  });

const unitsFileSchema = z.strictObject(
  {
    // A note for whoever maintains the list (who, when); the bot does not read it.
    $comment: z.string().optional(),
    region: unitList,
    kommun: unitList,
  },
  { message: 'must be an object with the lists "region" and "kommun"' },
);

/**
 * Checks the text of a units file: `{ "region": [...], "kommun": [...] }`, names trimmed, 1–80
 * characters, no personnummer, none twice within a principal. Throws a {@link ConfigError} whose
 * one line names UNITS_FILE (`source`) and the first problem, with the unit's place but never its
 * text, which may be what the guard refused.
 */
export function parseUnitCatalogue(text: string, source: string): UnitCatalogue {
  let json: unknown;
  try {
    // An editor on Windows may save the file with a byte order mark, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(`Invalid configuration: UNITS_FILE (${source}) is not valid JSON: ${(err as Error).message}.`);
  }
  const parsed = unitsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [list, index] = issue.path;
    const where = list === undefined ? '' : typeof index === 'number' ? `${String(list)}, unit ${index + 1}, ` : issue.code === 'unrecognized_keys' ? '' : `${String(list)} `;
    const what = issue.code === 'unrecognized_keys' ? `has unknown keys (${issue.keys.join(', ')}); only "region" and "kommun" are read` : issue.message;
    throw new ConfigError(`Invalid configuration: UNITS_FILE (${source}) ${where}${what}.`);
  }
  return { region: parsed.data.region, kommun: parsed.data.kommun };
}

/**
 * The units coordinators pick from, read once at start: a bad or missing file stops the start
 * (ConfigError), since a list that silently fell back to none would count every unit as övrigt.
 * UNITS_FILE is read relative to the working directory, as a shell would; the example is the
 * repository's own.
 */
export function readUnitCatalogue(units: UnitsSource): UnitCatalogue {
  if (units.kind === 'none') return NO_UNITS;
  const file = units.kind === 'example' ? path.join(projectRoot(), units.path) : path.resolve(units.path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (err as Error).message;
    throw new ConfigError(`Invalid configuration: UNITS_FILE (${units.path}) cannot be read: ${why}.`);
  }
  return parseUnitCatalogue(text, units.path);
}
