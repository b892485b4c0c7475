import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/bot/command-parser';

/** What a message is taken for: a command (understood), a suggestion (asked), or neither. */
function read(text: string): string {
  const p = parseCommand(text);
  if (p.kind === 'command') return `${p.command.id} ${JSON.stringify(p.args)}`;
  if (p.kind === 'suggestion') return `? ${p.alias} ${JSON.stringify(p.args)}`;
  return p.kind;
}

describe('commands typed without å, ä and ö', () => {
  it.each([
    ['basniva VSS-2026-0001', 'baseline "VSS-2026-0001"'],
    ['arende VSS-2026-0001', 'openCase "VSS-2026-0001"'],
    ['paminnelser', 'reminders ""'],
    ['nytt arende', 'newCase ""'],
    ['mina arenden', 'myCases ""'],
    ['hjalp', 'help ""'],
  ])('%s is understood', (typed, expected) => {
    expect(read(typed)).toBe(expected);
  });
});

describe('commands with a typo', () => {
  it.each([
    ['nyt ärende', '? nytt ärende ""'],
    ['mina ärnden', '? mina ärenden ""'],
    ['basnvå VSS-2026-0001', '? basnivå "VSS-2026-0001"'],
    ['histrik VSS-2026-0001', '? historik "VSS-2026-0001"'],
    ['påminelser', '? påminnelser ""'],
    ['hjälpa', '? hjälp ""'],
  ])('%s asks "Menade du …?"', (typed, expected) => {
    expect(read(typed)).toBe(expected);
  });

  it.each(['hej', 'tack så mycket', 'vad gör jag nu', 'xyz'])('%s is not taken for a command', (typed) => {
    expect(read(typed)).toBe('unknown');
  });
});
