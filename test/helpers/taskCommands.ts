/**
 * Builders of lifecycle commands and results with sensible defaults, for store tests and the
 * store benchmark. Times default to a fixed epoch so tests are deterministic.
 */
import type { Checkpoint, TaskResult } from '../../src/shared/task';
import type {
  ChildSpec,
  CompleteCommand,
  CreateRootCommand,
  DelegateCommand,
  InterruptCommand,
  RecordProgressCommand,
  ResumeCommand,
  StartCommand,
} from '../../src/core/lifecycle';

export const T0 = 1_700_000_000_000;

export function rootCmd(id: string, extra: Partial<CreateRootCommand> = {}): CreateRootCommand {
  return { type: 'createRoot', id, title: `Task ${id}`, goal: `Goal of ${id}`, now: T0, ...extra };
}

/** One child delegated by `parentId`; `extra` may set the command's fields and the child's. */
export function delegateCmd(parentId: string, childId: string, extra: Partial<DelegateCommand> & Partial<ChildSpec> = {}): DelegateCommand {
  const { title, goal, context, role, budget, modelRoute, agent, childId: _ignored, ...command } = extra;
  const spec: ChildSpec = { childId, title: title ?? `Subtask ${childId}`, goal: goal ?? `Goal of ${childId}`, context, role, budget, modelRoute, agent };
  for (const key of Object.keys(spec) as (keyof ChildSpec)[]) if (spec[key] === undefined) delete spec[key];
  return { type: 'delegate', parentId, toolCallId: `call-${childId}`, children: [spec], now: T0 + 1, ...command };
}

export function taskResult(summary: string, extra: Partial<TaskResult> = {}): TaskResult {
  return { summary, filesRead: [], filesWritten: [], outputTail: '', toolTrace: [], ...extra };
}

export function completeCmd(taskId: string, extra: Partial<CompleteCommand> = {}): CompleteCommand {
  return { type: 'complete', taskId, result: taskResult(`Result of ${taskId}`), now: T0 + 2, ...extra };
}

export function interruptCmd(taskId: string, extra: Partial<InterruptCommand> = {}): InterruptCommand {
  return { type: 'interrupt', taskId, reason: 'user_stop', now: T0 + 3, ...extra };
}

export function resumeCmd(taskId: string, extra: Partial<ResumeCommand> = {}): ResumeCommand {
  return { type: 'resume', taskId, now: T0 + 4, ...extra };
}

export function startCmd(taskId: string, ownerId: string, now: number, leaseTtlMs = 30_000): StartCommand {
  return { type: 'start', taskId, ownerId, leaseTtlMs, now };
}

export function checkpoint(summary: string, at: number): Checkpoint {
  return { summary, filesRead: [], filesWritten: [], at };
}

export function progressCmd(taskId: string, summary: string, at: number): RecordProgressCommand {
  return { type: 'recordProgress', taskId, checkpoint: checkpoint(summary, at), now: at };
}
