import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../src/config/config';
import { UNITS_PER_PRINCIPAL, parseUnitCatalogue, readUnitCatalogue } from '../../src/config/units-file';
import { NO_UNITS } from '../../src/domain/units';

const APP_ID = '0c3c7f7a-5b8e-4f9d-a2b1-7e6d5c4b3a29';
const TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';
const production = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: TENANT, EMBEDDED_STORAGE: 'true' };

const dir = mkdtempSync(path.join(tmpdir(), 'units-'));
/** A units file with this text; returns its path. */
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text, 'utf8');
  return p;
}

/** The one line a bad file stops the start with. */
function problemOf(text: string): string {
  try {
    parseUnitCatalogue(text, 'units.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a ConfigError');
}

const json = (o: unknown) => JSON.stringify(o);

describe('UNITS_FILE', () => {
  it('is the deployment\'s file when set; locally the example list; in production without it, none', () => {
    expect(loadConfig({ UNITS_FILE: ' /etc/sip/units.json ' }).units).toEqual({ kind: 'file', path: '/etc/sip/units.json' });
    expect(loadConfig({ ...production, UNITS_FILE: 'config/units.json' }).units).toEqual({ kind: 'file', path: 'config/units.json' });
    expect(loadConfig({ UNITS_FILE: '' }).units).toEqual({ kind: 'example', path: 'config/units.example.json' });
    expect(loadConfig(production).units).toEqual({ kind: 'none' });
    expect(describeConfig(loadConfig(production))['units']).toBe('none (every unit counts as övrigt)');
    expect(describeConfig(loadConfig({}))['units']).toBe('example list (config/units.example.json)');
  });

  it('reads a good file: names trimmed, in the file\'s order, a note for the maintainer allowed', () => {
    const p = file('good.json', `\uFEFF${json({ $comment: 'Förvaltas av IT-enheten, uppdaterad 2026-11', region: ['  Psykiatrisk öppenvård Väst ', 'Beroendecentrum'], kommun: ['Socialpsykiatri'] })}`);
    expect(readUnitCatalogue({ kind: 'file', path: p })).toEqual({ region: ['Psykiatrisk öppenvård Väst', 'Beroendecentrum'], kommun: ['Socialpsykiatri'] });
    expect(parseUnitCatalogue(json({ region: [], kommun: [] }), 'x')).toEqual(NO_UNITS);
  });

  it('ships an example that passes its own check, with units of both principals', () => {
    const example = readUnitCatalogue(loadConfig({}).units);
    expect(example.region.length).toBeGreaterThan(0);
    expect(example.kommun.length).toBeGreaterThan(0);
    expect(readUnitCatalogue({ kind: 'none' })).toBe(NO_UNITS);
  });

  it('stops the start on a file that is missing or not JSON, naming UNITS_FILE and the file', () => {
    expect(() => readUnitCatalogue({ kind: 'file', path: path.join(dir, 'none.json') })).toThrow(ConfigError);
    expect(() => readUnitCatalogue({ kind: 'file', path: path.join(dir, 'none.json') })).toThrow(/^Invalid configuration: UNITS_FILE \(.*none\.json\) cannot be read: there is no such file\.$/);
    expect(problemOf('{ "region": ["A"], ')).toMatch(/^Invalid configuration: UNITS_FILE \(units\.json\) is not valid JSON: /);
    expect(problemOf('["A"]')).toBe('Invalid configuration: UNITS_FILE (units.json) must be an object with the lists "region" and "kommun".');
  });

  it('stops the start on a list that is missing, misspelt or not a list of names', () => {
    expect(problemOf(json({ region: ['A'] }))).toBe('Invalid configuration: UNITS_FILE (units.json) kommun must be a list of unit names.');
    expect(problemOf(json({ region: ['A'], kommun: [], Kommun: ['B'] }))).toBe('Invalid configuration: UNITS_FILE (units.json) has unknown keys (Kommun); only "region" and "kommun" are read.');
    expect(problemOf(json({ region: 'A', kommun: [] }))).toBe('Invalid configuration: UNITS_FILE (units.json) region must be a list of unit names.');
    expect(problemOf(json({ region: ['A', 7], kommun: [] }))).toBe('Invalid configuration: UNITS_FILE (units.json) region, unit 2, must be a unit name in quotes.');
  });

  it('stops the start on a name that is empty, too long or more than one line', () => {
    expect(problemOf(json({ region: ['A', '   '], kommun: [] }))).toBe('Invalid configuration: UNITS_FILE (units.json) region, unit 2, is empty.');
    expect(parseUnitCatalogue(json({ region: ['x'.repeat(80)], kommun: [] }), 'x').region).toEqual(['x'.repeat(80)]);
    expect(problemOf(json({ region: [], kommun: ['B', `  ${'x'.repeat(81)}`] }))).toBe('Invalid configuration: UNITS_FILE (units.json) kommun, unit 2, is longer than 80 characters.');
    expect(problemOf(json({ region: ['Rad ett\nrad två'], kommun: [] }))).toBe('Invalid configuration: UNITS_FILE (units.json) region, unit 1, must be one line without control characters.');
  });

  it('stops the start on a unit listed twice for one principal, whatever its case; the two principals may share a name', () => {
    expect(problemOf(json({ region: ['Mottagning Väst', 'Beroendecentrum', ' mottagning VÄST'], kommun: [] }))).toBe(
      'Invalid configuration: UNITS_FILE (units.json) region, unit 3, is the same as unit 1 (case does not matter).',
    );
    expect(parseUnitCatalogue(json({ region: ['Vuxenpsykiatri'], kommun: ['Vuxenpsykiatri'] }), 'x')).toEqual({ region: ['Vuxenpsykiatri'], kommun: ['Vuxenpsykiatri'] });
  });

  it(`stops the start on more than ${UNITS_PER_PRINCIPAL} units of one principal`, () => {
    const many = Array.from({ length: UNITS_PER_PRINCIPAL + 1 }, (_, i) => `Enhet ${i + 1}`);
    expect(parseUnitCatalogue(json({ region: many.slice(0, -1), kommun: [] }), 'x').region).toHaveLength(UNITS_PER_PRINCIPAL);
    expect(problemOf(json({ region: [], kommun: many }))).toBe(`Invalid configuration: UNITS_FILE (units.json) kommun has more than ${UNITS_PER_PRINCIPAL} units.`);
  });

  it('stops the start on a name holding a personnummer, without repeating it', () => {
    const message = problemOf(json({ region: ['Mottagning 19121212-1212'], kommun: [] }));
    expect(message).toBe('Invalid configuration: UNITS_FILE (units.json) region, unit 1, looks like a personnummer or samordningsnummer, which must not be stored.');
    expect(message).not.toContain('1212');
  });

  it('stops the start on a unit named övrigt, which the statistics call every unit not on the list', () => {
    expect(problemOf(json({ region: ['Psykosmottagningen'], kommun: ['Boendestöd', ' Övrigt '] }))).toBe(
      'Invalid configuration: UNITS_FILE (units.json) kommun, unit 2, may not be "övrigt", the statistics\' name for units not on the list.',
    );
  });
});
