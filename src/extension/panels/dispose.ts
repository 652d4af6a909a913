/** A base class that disposes what it registered, once (after custom-editor-sample's dispose.ts). */
import type * as vscode from 'vscode';

/** Disposes every item, collecting nothing (one failing dispose does not stop the others). */
export function disposeAll(disposables: vscode.Disposable[]): void {
  while (disposables.length) {
    try { disposables.pop()?.dispose(); } catch { /* keep disposing the rest */ }
  }
}

/** Owns disposables registered with `_register`; `dispose()` releases them all. */
export abstract class Disposable {
  private isDisposed = false;
  protected readonly disposables: vscode.Disposable[] = [];

  get disposed(): boolean {
    return this.isDisposed;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    disposeAll(this.disposables);
  }

  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this.isDisposed) value.dispose();
    else this.disposables.push(value);
    return value;
  }
}
