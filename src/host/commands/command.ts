/** The shape of one Baton command; each lives in its own file and is listed in `index.ts`. */
import type * as vscode from 'vscode';
import type { ApiKeys } from '../runtime/secrets';

/** What commands may use; grows as commands need more (kept explicit rather than a service locator). */
export interface CommandServices {
  readonly log: vscode.LogOutputChannel;
  readonly keys: ApiKeys;
}

export interface BatonCommand {
  /** As declared under `contributes.commands` in package.json. */
  readonly id: string;
  run(services: CommandServices, ...args: unknown[]): unknown;
}
