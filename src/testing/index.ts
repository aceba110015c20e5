// The Testing view: check's scenarios for each custom-runtime function of the workspace.
import type { CommandContext } from '../commands/context';
import type { CommandHandler } from '../commands/handler';
import { viewsState } from '../views/views-state';
import { CheckTests } from './check-tests';

const states = new WeakMap<object, CheckTests>();

/** Internal commands of the Testing view (not in the palette): its tree and last results, as data. */
export const TESTING_COMMANDS: Readonly<Record<string, CommandHandler>> = {
  'lambdaRuntime.describeChecks': (context) => {
    const tests = states.get(context.runs);
    if (!tests) throw new Error('The Testing view of Lambda Runtime Kit is not ready yet; try again in a moment.');
    return tests.snapshot();
  },
};

/** Registers the test controller; the workspace's functions come from the views' shared list. */
export function registerTesting(context: CommandContext): void {
  const tests = new CheckTests(viewsState(context).functions, context.log);
  states.set(context.runs, tests);
  context.extension.subscriptions.push(tests);
}
