/**
 * A multi-step input in VS Code's way: one quick input at a time, numbered (step k of n in its
 * title), with a Back button from the second step on, so a user can change an earlier answer
 * without starting over. `showQuickPick` and `showInputBox` have no Back button, hence
 * `createQuickPick` / `createInputBox` here.
 *
 * A step is a function that asks once and says what comes next: another step, `BACK` (to the
 * step before it), or undefined (finished, or cancelled with Escape; the steps keep what they
 * collected in their own closure).
 */
import * as vscode from 'vscode';

export const BACK = Symbol('back');
export type Back = typeof BACK;

export type Step = () => Promise<Step | Back | undefined>;

/** Runs `first` and whatever it leads to; Back returns to the step that led to the current one. */
export async function runSteps(first: Step): Promise<void> {
  const taken: Step[] = [];
  let current: Step | undefined = first;
  while (current) {
    const next: Step | Back | undefined = await current();
    if (next === BACK) {
      current = taken.pop() ?? first;
      continue;
    }
    if (next) taken.push(current);
    current = next;
  }
}

/** Where a step stands: its title and number (no total when the first answer decides it). */
export interface StepPosition {
  readonly title: string;
  readonly step: number;
  readonly totalSteps?: number;
}

export interface PickItem<T> extends vscode.QuickPickItem {
  readonly value?: T;
}

export interface PickOptions<T> {
  readonly placeholder: string;
  /** A promise shows the busy bar until the items come (a server being asked, say). */
  readonly items: readonly PickItem<T>[] | Promise<readonly PickItem<T>[]>;
  readonly matchOnDescription?: boolean;
}

/** One quick pick: the value of the item accepted, BACK, or undefined (Escape). */
export function pickStep<T>(at: StepPosition, options: PickOptions<T>): Promise<T | Back | undefined> {
  const pick = vscode.window.createQuickPick<PickItem<T>>();
  pick.placeholder = options.placeholder;
  pick.matchOnDescription = options.matchOnDescription ?? false;
  return ask<T>(pick, at, (finish, settled) => {
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0] ?? pick.activeItems[0];
      if (item) finish(item.value);
    });
    if (Array.isArray(options.items)) {
      pick.items = options.items as readonly PickItem<T>[];
    } else {
      pick.busy = true;
      void Promise.resolve(options.items).then(
        (items) => {
          if (settled()) return;
          pick.items = items;
          pick.busy = false;
        },
        () => finish(undefined),
      );
    }
  });
}

export interface InputOptions {
  readonly prompt: string;
  readonly value?: string;
  readonly placeholder?: string;
  readonly password?: boolean;
  /** Why `value` cannot be accepted, or undefined. Shown as the user types; Enter waits for a valid value. */
  readonly validate?: (value: string) => string | undefined;
}

/** One input box: the text accepted (trimmed), BACK, or undefined (Escape). */
export function inputStep(at: StepPosition, options: InputOptions): Promise<string | Back | undefined> {
  const box = vscode.window.createInputBox();
  box.prompt = options.prompt;
  box.value = options.value ?? '';
  box.placeholder = options.placeholder;
  box.password = options.password ?? false;
  const problem = (value: string) => options.validate?.(value);
  return ask<string>(box, at, (finish) => {
    box.onDidChangeValue((value) => {
      // Said once something is typed, not before: an empty box is not yet a mistake.
      box.validationMessage = value ? problem(value) : undefined;
    });
    box.onDidAccept(() => {
      const invalid = problem(box.value);
      box.validationMessage = invalid;
      if (!invalid) finish(box.value.trim());
    });
  });
}

type Input = vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[]; onDidTriggerButton: vscode.Event<vscode.QuickInputButton> };

/**
 * Shows `input` at its place in the steps and settles once: with what `wire` hands `finish`,
 * BACK (the Back button) or undefined (Escape, or hidden). Disposed when settled.
 */
function ask<A>(input: Input, at: StepPosition, wire: (finish: (answer: A | undefined) => void, settled: () => boolean) => void): Promise<A | Back | undefined> {
  place(input, at);
  input.ignoreFocusOut = true;
  return new Promise((resolve) => {
    let answered = false;
    const finish = (answer: A | Back | undefined) => {
      if (answered) return;
      answered = true;
      resolve(answer);
      input.dispose();
    };
    input.onDidTriggerButton((button) => button === vscode.QuickInputButtons.Back && finish(BACK));
    input.onDidHide(() => finish(undefined));
    wire(finish, () => answered);
    input.show();
  });
}

function place(input: Input, at: StepPosition): void {
  input.title = at.title;
  input.step = at.step;
  input.totalSteps = at.totalSteps;
  input.buttons = at.step > 1 ? [vscode.QuickInputButtons.Back] : [];
}
