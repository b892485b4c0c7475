import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/bot/command-parser';

describe('parseCommand', () => {
  it.each(['hjälp', 'HJÄLP', 'Hjälp', ' hjälp ', 'help', 'HELP', '<at>Samordningsboten</at> hjälp', '<at>Samordnings boten</at>&nbsp;Help', 'hjälp.', '/hjälp', 'hja\u0308lp'])(
    'recognises %j as the help command',
    (text) => {
      const parsed = parseCommand(text);
      expect(parsed.kind).toBe('command');
      expect(parsed.kind === 'command' && parsed.command.id).toBe('help');
    },
  );

  it('keeps the arguments after the command words in their own case', () => {
    expect(parseCommand('hjälp VSS-2026-0042')).toMatchObject({ kind: 'command', args: 'VSS-2026-0042' });
  });

  // "hjälpa" is close enough to ask "Menade du hjälp?" (test/bot/command-typos.test.ts).
  it.each(['jag behöver hjälp', 'helpdesk', 'hej'])('does not take %j for a command', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'unknown' });
  });

  it.each([undefined, '', '   ', '<at>Samordningsboten</at>'])('calls %j empty', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'empty' });
  });
});
