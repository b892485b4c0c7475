import { z } from 'zod';
import { noticeCard } from '../../cards/notice-card';
import { helpCard } from '../../cards/help-card';
import { COMMANDS } from '../command-catalogue';
import { literalText } from '../../cards/literal-text';
import { fill } from '../../i18n/format';
import { UserError } from '../../i18n/errors';
import { text } from '../../i18n/texts';
import { defineAction } from '../action-router';
import { parseCommand } from '../command-parser';
import { echoedCode, runCommand, type CommandTable } from '../command-router';

/**
 * The button on "Menade du …?": runs the command it names, as if it had been typed. The command's
 * own answer comes as a new message; the question is replaced by a line saying what was run.
 */
export function commandRunAction(commands: CommandTable) {
  return defineAction({
    verb: 'command.run',
    // `from: help`: a button on the help card, which stays as it is.
    data: z.object({ text: z.string().min(1).max(200), from: z.literal('help').optional() }),
    handle: async (ctx, data) => {
      const parsed = parseCommand(data.text);
      // The button carries a command's exact words; anything else is a card the bot did not send.
      if (parsed.kind !== 'command') throw new UserError('invalidActionData');
      await runCommand(ctx, commands, parsed.command.id, parsed.args);
      if (data.from === 'help') return { kind: 'card', card: helpCard(ctx.locale, COMMANDS) };
      // Said back as the command's words and a case code, never other text a payload carried.
      const code = echoedCode(parsed.args);
      const words = (ctx.locale === 'en' ? parsed.command.en[0] : undefined) ?? parsed.command.sv[0];
      const ran = `${words}${code === undefined ? '' : ` ${code}`}`;
      return { kind: 'card', card: noticeCard(ctx.locale, { title: literalText(ran), body: fill(text(ctx.locale, 'unknown.ran'), { command: literalText(ran) }) }) };
    },
  });
}
