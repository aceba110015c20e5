import type { CommandHandler } from '../commands/handler';
import type { CommandContext } from '../commands/context';

/** The invoke command and the invocations view's own commands. */
export const VIEW_COMMANDS: Readonly<Record<string, CommandHandler>> = {};

/** Registers the Lambda Invocations view, the status bar item and the handler CodeLens. */
export function registerViews(_context: CommandContext): void {}
