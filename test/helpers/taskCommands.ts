/**
 * Builders of lifecycle commands and results with sensible defaults, for store tests and the
 * store benchmark. Times default to a fixed epoch so tests are deterministic.
 */
import type { Checkpoint, TaskResult } from '../../src/shared/task';
import type {
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

export function delegateCmd(parentId: string, childId: string, extra: Partial<DelegateCommand> = {}): DelegateCommand {
  return {
    type: 'delegate',
    parentId,
    childId,
    toolCallId: `call-${childId}`,
    title: `Subtask ${childId}`,
    goal: `Goal of ${childId}`,
    now: T0 + 1,
    ...extra,
  };
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
