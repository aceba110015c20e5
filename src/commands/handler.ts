import type { CommandContext } from './context';

/** A palette command: receives the extension's context, then the arguments the editor or a caller passed. */
export type CommandHandler = (context: CommandContext, ...args: unknown[]) => unknown;
