import { actionTable } from './action-router';
import { helpShowAction } from './actions/help-show';
import type { CommandTable } from './command-router';
import { helpCommand } from './commands/help';

/** Every text command and its handler: the one place to look for where a command is handled. */
export const COMMAND_HANDLERS: CommandTable = {
  help: helpCommand,
};

/** Every Action.Execute verb and its handler. */
export const ACTION_ROUTES = actionTable([helpShowAction]);
