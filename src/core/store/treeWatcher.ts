/**
 * Follows the tasks folder with fs.watch and reports which tree files changed, debounced, so a
 * window sees another window's commits without polling. Its own commits show up too; the
 * store's refresh recognises them by their stamp and reads no further.
 */
import { watch, type FSWatcher } from 'node:fs';
import type { Disposable } from './events';
import { isTreeFileName } from './paths';

/** `onChange(names)` gets the changed file names, or undefined when the platform did not say which. */
export function watchTreeFiles(
  dir: string,
  debounceMs: number,
  onChange: (names: string[] | undefined) => void,
  log: (level: 'info' | 'warn' | 'error', msg: string) => void,
): Disposable {
  const pending = new Set<string>();
  let everything = false;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const names = everything ? undefined : [...pending];
    pending.clear();
    everything = false;
    onChange(names);
  };
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, (_event, name) => {
      if (!name) everything = true;
      else if (isTreeFileName(name)) pending.add(name);
      else return;
      timer ??= setTimeout(flush, debounceMs);
    });
  } catch (error) {
    log('warn', `Cannot watch ${dir} (${String(error)}); other windows' changes show after a refresh.`);
    return { dispose: () => undefined };
  }
  watcher.on('error', (error) => log('warn', `Watching ${dir} failed: ${String(error)}`));
  return {
    dispose: () => {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
