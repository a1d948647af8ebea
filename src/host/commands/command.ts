/** The shape of one Baton command; each lives in its own file and is listed in `index.ts`. */
import type { BatonServices } from '../services';

export interface BatonCommand {
  /** As declared under `contributes.commands` in package.json. */
  readonly id: string;
  /** `args` are what VS Code passed: a task id or an object carrying one, or nothing. */
  run(services: BatonServices, ...args: unknown[]): unknown;
}
