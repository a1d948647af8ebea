/** A fake host for component tests: records what components post, as the real host would receive it. */
import type { ActionState, TaskUiState, UserAction, WebviewToHostMessage } from '../../../../src/shared/protocol';
import { USER_ACTIONS } from '../../../../src/shared/protocol';
import type { Messenger } from '../../../../webview-ui/src/messenger';

export class FakeHost implements Messenger {
  readonly posted: WebviewToHostMessage[] = [];

  post(message: WebviewToHostMessage): void {
    this.posted.push(message);
  }

  /** The commands posted, as `command taskId`. */
  commands(): string[] {
    return this.posted.flatMap((m) => (m.type === 'command' ? [`${m.command}${m.taskId ? ` ${m.taskId}` : ''}`] : []));
  }
}

/** A UI state allowing exactly `allowed` (the others refused with a reason). */
export function uiState(allowed: readonly UserAction[], overrides: Partial<TaskUiState> = {}): TaskUiState {
  const actions = Object.fromEntries(
    USER_ACTIONS.map((a): [UserAction, ActionState] => [a, allowed.includes(a) ? { allowed: true } : { allowed: false, reason: `${a} is not allowed here` }]),
  ) as TaskUiState['actions'];
  return { running: false, attention: null, actions, ...overrides };
}
