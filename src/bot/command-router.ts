import { noticeCard } from '../cards/notice-card';
import { asUserError } from './user-error-of';
import { text } from '../i18n/texts';
import type { HandlerContext } from './bot-context';
import type { CommandId } from './command-catalogue';
import { parseCommand } from './command-parser';
import { replyWithCard } from './reply';
import { fill } from '../i18n/format';
import { normaliseCaseCode } from '../domain/case-rules';
import { containsPersonnummer } from '../domain/personnummer';
import { literalText } from '../cards/literal-text';
import { turnTelemetryOf } from '../telemetry/turn-telemetry';

/** Handles one text command; `args` is the text after the command words. */
export type CommandHandler = (ctx: HandlerContext, args: string) => Promise<void>;

export type CommandTable = Readonly<Record<CommandId, CommandHandler>>;

/** Runs the command a message names, or answers with a short hint and the help button. */
export async function routeCommand(ctx: HandlerContext, commands: CommandTable, messageText: string | undefined): Promise<void> {
  const parsed = parseCommand(messageText);
  // The command's id, or what kind of text it was: never the text.
  turnTelemetryOf(ctx.turn.activity).named(parsed.kind === 'command' ? parsed.command.id : parsed.kind === 'suggestion' ? 'suggestion' : parsed.kind === 'empty' ? 'empty' : 'unknown');
  if (parsed.kind === 'command') return runCommand(ctx, commands, parsed.command.id, parsed.args);
  if (parsed.kind === 'suggestion') {
    const code = echoedCode(parsed.args);
    const command = code === undefined ? parsed.alias : `${parsed.alias} ${code}`;
    await replyWithCard(
      ctx.turn,
      noticeCard(ctx.locale, {
        title: fill(text(ctx.locale, 'unknown.suggestTitle'), { command: literalText(command) }),
        // A command that needs a case code, typed without one, cannot run from a button: say how to write it.
        body:
          parsed.command.argument !== undefined && code === undefined
            ? fill(text(ctx.locale, 'unknown.suggestWithCode'), { command: literalText(`${parsed.alias} ${ctx.locale === 'en' ? parsed.command.argument.en : parsed.command.argument.sv}`) })
            : fill(text(ctx.locale, 'unknown.suggestBody'), { command: literalText(command) }),
        ...(parsed.command.argument !== undefined && code === undefined ? {} : { suggest: { title: command, text: command } }),
        showHelp: true,
      }),
    );
    return;
  }
  await replyWithCard(
    ctx.turn,
    noticeCard(ctx.locale, {
      title: text(ctx.locale, 'unknown.title'),
      body: text(ctx.locale, parsed.kind === 'empty' ? 'unknown.empty' : 'unknown.body'),
      showHelp: true,
    }),
  );
}

/**
 * Runs one command, typed or pressed on a "Menade du …?" button alike: a user error is answered
 * with a notice, not an error on the card that was pressed.
 */
export async function runCommand(ctx: HandlerContext, commands: CommandTable, id: CommandId, args: string): Promise<void> {
  try {
    await commands[id](ctx, args);
  } catch (err) {
    const userError = asUserError(err);
    if (userError === undefined) throw err;
    turnTelemetryOf(ctx.turn.activity).ended({ kind: 'userError', code: userError.code });
    if (userError.code === 'storageUnavailable') ctx.services.logger.warn({ err, command: id }, 'table storage did not answer during a command');
    await replyWithCard(ctx.turn, noticeCard(ctx.locale, { title: text(ctx.locale, 'error.title'), body: userError.textIn(ctx.locale) }));
  }
}

/**
 * The case code typed after a command, fit to say back: nothing else typed is echoed, since it
 * could be a name or a personnummer.
 */
export function echoedCode(args: string): string | undefined {
  return containsPersonnummer(args) ? undefined : normaliseCaseCode(args);
}
