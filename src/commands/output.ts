import type { CommandContext } from './context';

/** `lambdaRuntime.showOutput`: reveal the extension's log without taking focus from the editor. */
export function showOutput(context: CommandContext): void {
  context.log.show(true);
}
