// One step of a multi-step prompt: a quick pick or an input box with the step counter, and the Back button on
// every step after the first. A step answers with its value, BACK, or undefined when the user pressed Escape.
import * as vscode from 'vscode';
import { BACK, type StepAnswer } from './flow';

interface StepFrame {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
}

export interface PickStep<T extends vscode.QuickPickItem> extends StepFrame {
  readonly placeholder: string;
  readonly items: readonly T[];
  readonly active?: T;
  readonly matchOnDescription?: boolean;
  /** Items added for what the user types (e.g. a new folder's name); called on every change of the text. */
  readonly itemsForValue?: (value: string) => readonly T[];
  /** Whether the chosen item can be used; an item that cannot (a folder that is a file) keeps the picker open. */
  readonly acceptable?: (item: T) => boolean;
}

function frame(input: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox, options: StepFrame): void {
  input.title = options.title;
  input.step = options.step;
  input.totalSteps = options.totalSteps;
  input.ignoreFocusOut = true;
  input.buttons = options.step > 1 ? [vscode.QuickInputButtons.Back] : [];
}

/** Shows a quick pick step and waits for its answer. */
export function pickStep<T extends vscode.QuickPickItem>(options: PickStep<T>): Promise<StepAnswer<T>> {
  const pick = vscode.window.createQuickPick<T>();
  frame(pick as vscode.QuickPick<vscode.QuickPickItem>, options);
  pick.placeholder = options.placeholder;
  pick.matchOnDescription = options.matchOnDescription ?? false;
  pick.items = [...options.items];
  if (options.active) pick.activeItems = [options.active];
  return new Promise<StepAnswer<T>>((resolve) => {
    let settled = false;
    const finish = (answer: StepAnswer<T>) => {
      if (settled) return;
      settled = true;
      resolve(answer);
      pick.dispose();
    };
    pick.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(BACK);
    });
    pick.onDidHide(() => finish(undefined));
    if (options.itemsForValue) {
      const extra = options.itemsForValue;
      pick.onDidChangeValue((value) => {
        pick.items = [...extra(value), ...options.items];
      });
    }
    pick.onDidAccept(() => {
      const [item] = pick.selectedItems;
      if (item !== undefined && (options.acceptable?.(item) ?? true)) finish(item);
    });
    pick.show();
  });
}

export interface InputStep extends StepFrame {
  readonly prompt: string;
  readonly value: string;
  /** A sentence about what is wrong with the text, shown as it is typed; undefined when it is fine. */
  readonly validate: (value: string) => string | undefined;
}

/** Shows an input box step, validating as the user types, and waits for its answer. */
export function inputStep(options: InputStep): Promise<StepAnswer<string>> {
  const box = vscode.window.createInputBox();
  frame(box, options);
  box.prompt = options.prompt;
  box.value = options.value;
  box.validationMessage = options.validate(options.value);
  return new Promise<StepAnswer<string>>((resolve) => {
    let settled = false;
    const finish = (answer: StepAnswer<string>) => {
      if (settled) return;
      settled = true;
      resolve(answer);
      box.dispose();
    };
    box.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(BACK);
    });
    box.onDidHide(() => finish(undefined));
    box.onDidChangeValue((value) => {
      box.validationMessage = options.validate(value);
    });
    box.onDidAccept(() => {
      const problem = options.validate(box.value);
      box.validationMessage = problem;
      if (problem === undefined) finish(box.value);
    });
    box.show();
  });
}
