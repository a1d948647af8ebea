/**
 * Ownership of long-lived things, after VS Code's own `lifecycle.ts`: whatever creates a
 * listener, timer or child object registers it with its owner, and disposing the owner
 * releases everything it holds (STYLE.md principle 5).
 */

export interface IDisposable {
  dispose(): void;
}

/** A set of disposables released together, newest first (what was built last goes first). */
export class DisposableStore implements IDisposable {
  private readonly items: IDisposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Takes ownership of `item`; if the store is already disposed, `item` is disposed at once. */
  add<T extends IDisposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
    } else {
      this.items.push(item);
    }
    return item;
  }

  /** Disposes what the store holds and keeps it usable. */
  clear(): void {
    const items = this.items.splice(0).reverse();
    const errors: unknown[] = [];
    for (const item of items) {
      try {
        item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'Several disposables failed to dispose');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}

/** Base class for objects that own disposables: `_register` ties them to this object's life. */
export abstract class Disposable implements IDisposable {
  private readonly store = new DisposableStore();

  protected _register<T extends IDisposable>(item: T): T {
    return this.store.add(item);
  }

  dispose(): void {
    this.store.dispose();
  }
}

/** A disposable that runs `fn` once. */
export function toDisposable(fn: () => void): IDisposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      fn();
    },
  };
}
