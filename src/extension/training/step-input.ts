/**
 * One step of a multi-step input (VS Code's QuickPick / InputBox with a Back button): resolves with
 * the answer, `back` (the Back button), or `cancel` (Escape or the input hidden otherwise).
 */
import * as vscode from 'vscode';

/** How a step ended. */
export type StepResult<T> = { kind: 'value'; value: T } | { kind: 'back' } | { kind: 'cancel' };

/** What every step shows. */
interface StepShape {
  title: string;
  /** Offer the Back button (every step but the first). */
  back: boolean;
}

/** A Quick Pick step; `active` is the item shown selected (the current answer). */
export function pickStep<T extends vscode.QuickPickItem>(shape: StepShape & { placeholder: string; items: readonly T[]; active?: T }): Promise<StepResult<T>> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = shape.title;
  pick.placeholder = shape.placeholder;
  pick.items = shape.items;
  if (shape.active) pick.activeItems = [shape.active];
  pick.buttons = shape.back ? [vscode.QuickInputButtons.Back] : [];
  pick.ignoreFocusOut = true;
  return settle(pick, (finish) => [
    pick.onDidAccept(() => { const chosen = pick.selectedItems[0] ?? pick.activeItems[0]; if (chosen) finish({ kind: 'value', value: chosen }); }),
  ]);
}

/** An input-box step, checked on every keystroke by `problem`; Enter on a problem does nothing. */
export function inputStep(shape: StepShape & { prompt: string; value: string; problem(text: string): string | undefined }): Promise<StepResult<string>> {
  const box = vscode.window.createInputBox();
  box.title = shape.title;
  box.prompt = shape.prompt;
  box.value = shape.value;
  box.valueSelection = [0, shape.value.length];
  box.buttons = shape.back ? [vscode.QuickInputButtons.Back] : [];
  box.ignoreFocusOut = true;
  return settle(box, (finish) => [
    box.onDidChangeValue((text) => { box.validationMessage = shape.problem(text); }),
    box.onDidAccept(() => {
      const problem = shape.problem(box.value);
      box.validationMessage = problem;
      if (!problem) finish({ kind: 'value', value: box.value });
    }),
  ]);
}

/** Shows `input` until it is answered, backed out of, or hidden; then disposes it. */
function settle<T>(input: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox, listen: (finish: (r: StepResult<T>) => void) => vscode.Disposable[]): Promise<StepResult<T>> {
  return new Promise((resolve) => {
    let done = false;
    const subscriptions: vscode.Disposable[] = [];
    const finish = (result: StepResult<T>): void => {
      if (done) return;
      done = true;
      for (const s of subscriptions) s.dispose();
      input.dispose();
      resolve(result);
    };
    subscriptions.push(
      ...listen(finish),
      input.onDidTriggerButton((button) => { if (button === vscode.QuickInputButtons.Back) finish({ kind: 'back' }); }),
      input.onDidHide(() => finish({ kind: 'cancel' })),
    );
    input.show();
  });
}
