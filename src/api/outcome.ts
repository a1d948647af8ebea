/**
 * Where a task stands, as the public API reports it: its outcome once at rest, with its result
 * or, unfinished, its partial work (the tail of its output and the files its tools touched, from
 * its transcript; its last checkpoint, from its record).
 */
import { AgentEvent } from '../shared/events';
import { RESUMABLE, type TaskRecord } from '../shared/task';
import type { BatonPartialWork, BatonTaskOutcome } from './baton-api';
import { frozen, publicCheckpoint } from './publicEvents';

/** How much of a task's output an outcome carries. */
export const OUTPUT_TAIL_CHARS = 2000;

/** At rest: nothing will happen to the task unless someone acts (Resume, Continue, a message…). */
export function isAtRest(task: TaskRecord): boolean {
  return task.status !== 'active' && task.status !== 'delegated';
}

/** The outcome of a task that is gone, under the title it last had. */
export function deletedOutcome(taskId: string, title: string): BatonTaskOutcome {
  return frozen({ taskId, title, status: 'deleted', resumable: false });
}

/** `transcript`: the task's journal entries, as read (unreadable ones are skipped). */
export function outcomeOf(task: TaskRecord, transcript: readonly unknown[]): BatonTaskOutcome {
  const base = {
    taskId: task.id,
    title: task.title,
    resumable: RESUMABLE.includes(task.status),
    usage: { inputTokens: task.usage.inputTokens, outputTokens: task.usage.outputTokens, turns: task.usage.turns, runtimeMs: task.usage.runtimeMs },
  };
  const partial = () => partialWorkOf(task, transcript);
  switch (task.status) {
    case 'completed': {
      const r = task.result ?? { summary: '', filesRead: [], filesWritten: [], outputTail: '', toolTrace: [] };
      return frozen({
        ...base,
        status: 'completed',
        result: { summary: r.summary, filesRead: [...r.filesRead], filesWritten: [...r.filesWritten], outputTail: r.outputTail, toolTrace: [...r.toolTrace] },
      });
    }
    case 'failed':
      return frozen({
        ...base,
        status: 'failed',
        failure: { message: task.failure?.message ?? 'unknown error', ...(task.failure?.code !== undefined && { code: task.failure.code }) },
        partial: partial(),
      });
    case 'interrupted':
      return frozen({ ...base, status: 'interrupted', reason: task.interruptReason ?? 'user_stop', partial: partial() });
    case 'needs_continuation':
      return frozen({ ...base, status: 'needs_continuation', reason: task.budgetReason ?? 'turns', partial: partial() });
    case 'abandoned':
      return frozen({ ...base, status: 'abandoned', partial: partial() });
    case 'active':
    case 'delegated':
      return frozen({ ...base, status: task.status, awaiting: task.awaiting.map((a) => a.childId), partial: partial() });
  }
}

export function partialWorkOf(task: TaskRecord, transcript: readonly unknown[]): BatonPartialWork {
  let output = '';
  const filesRead = new Set<string>();
  const filesWritten = new Set<string>();
  for (const entry of transcript) {
    const parsed = AgentEvent.safeParse(entry);
    if (!parsed.success) continue;
    const event = parsed.data;
    if (event.type === 'assistant') output += event.text;
    else if (event.type === 'tool_result') {
      event.filesRead?.forEach((f) => filesRead.add(f));
      event.filesWritten?.forEach((f) => filesWritten.add(f));
    }
  }
  return {
    outputTail: output.length > OUTPUT_TAIL_CHARS ? `…${output.slice(-OUTPUT_TAIL_CHARS)}` : output,
    filesRead: [...filesRead],
    filesWritten: [...filesWritten],
    lastCheckpoint: task.lastCheckpoint ? publicCheckpoint(task.lastCheckpoint) : null,
  };
}
