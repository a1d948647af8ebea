/**
 * What a loop-level tool handler works with (one tool per file in this folder), and what it
 * hands back to the runner.
 */
import type { EventInput, ToolCall } from '../../../shared/events';
import type { TaskRecord, Usage } from '../../../shared/task';
import type { AwaitCall, LifecycleCommand, LifecycleError, TransitionOk } from '../../lifecycle';
import type { RunnerDeps, ToolRunOutcome } from '../runner';

export interface LoopContext {
  readonly call: ToolCall;
  readonly deps: RunnerDeps;
  /** The task's record as it is now. */
  task(): TaskRecord;
  /** Commits; a lifecycle refusal is returned, not thrown. */
  commit(cmd: LifecycleCommand): Promise<TransitionOk | LifecycleError>;
  emit(event: EventInput): void;
  /** Completes the task with this result (attempt_completion); reports the refusal if any. */
  complete(summary: string): Promise<TransitionOk | LifecycleError>;
  /** What this run of the task has read and written. */
  readonly files: { read: ReadonlySet<string>; written: ReadonlySet<string> };
  usageNow(): Usage;
}

export type LoopOutcome =
  /** Answered now. */
  | { kind: 'result'; outcome: ToolRunOutcome }
  /** Answered at the end of the turn (turnBoundary.ts), after blocking on `wait` if given. */
  | { kind: 'later'; wait?: AwaitCall }
  /** The run ends after this call (the outcome, if any, is journaled first). */
  | { kind: 'end'; outcome?: ToolRunOutcome };

export function answer(tool: string, content: string, status = 'ok', extra: Partial<ToolRunOutcome> = {}): LoopOutcome {
  return { kind: 'result', outcome: { content, isError: false, trace: `${tool} (${status})`, ...extra } };
}

export function refusal(tool: string, content: string, status = 'refused'): LoopOutcome {
  return { kind: 'result', outcome: { content, isError: true, trace: `${tool} (${status})` } };
}
