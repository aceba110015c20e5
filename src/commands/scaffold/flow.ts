// The step model of a multi-step prompt, free of vscode so that it is tested on plain Node: each step answers
// with a value, BACK (the Back button) or undefined (Escape), and the runner moves forwards, back, or stops.

export const BACK = Symbol('back');
export type StepAnswer<T> = T | typeof BACK | undefined;
export type StepOutcome = 'next' | 'back' | 'cancel';

/**
 * Runs `steps` in order; a step returns 'next', 'back' or 'cancel'. Back from the first step stays there
 * (it has no Back button). Resolves true when every step answered, false when the user cancelled.
 */
export async function runSteps(steps: readonly (() => Promise<StepOutcome>)[]): Promise<boolean> {
  let index = 0;
  while (index < steps.length) {
    const outcome = await steps[index]();
    if (outcome === 'cancel') return false;
    index = outcome === 'back' ? Math.max(0, index - 1) : index + 1;
  }
  return true;
}

/** Maps a step's answer to the runner's outcome, keeping a value with `store`. */
export function outcomeOf<T>(answer: StepAnswer<T>, store: (value: T) => void): StepOutcome {
  if (answer === undefined) return 'cancel';
  if (answer === BACK) return 'back';
  store(answer);
  return 'next';
}
