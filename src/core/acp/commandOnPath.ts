/**
 * Whether an agent's program can be started: a path that names an executable file, or a bare
 * name found in one of PATH's folders, as the spawn will look for it. For telling the user
 * "not installed" before a task is handed to an agent that cannot start, not after.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export function commandOnPath(command: string, env: Record<string, string | undefined> = process.env): boolean {
  const executable = (file: string) => {
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (command.includes('/') || command.includes(path.sep)) return executable(command);
  return (env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .some((dir) => executable(path.join(dir, command)));
}
