/**
 * What a run hands over: the result of a completion, or the partial work of a run cut short.
 * One place for Baton's own loop and for external agents (ACP), so both report alike: the same
 * output tail, the same trace length, the same inline limit with the rest in an artifact.
 */
import type { TaskRecord, TaskResult, Usage } from '../../shared/task';

export const OUTPUT_TAIL_CHARS = 2_000;
const INLINE_RESULT_CHARS = 16_000;
const TRACE_ENTRIES = 50;

/** What a run has done so far. */
export interface WorkSoFar {
  assistantText: string;
  filesRead: Iterable<string>;
  filesWritten: Iterable<string>;
  trace: readonly string[];
}

export function tail(text: string, chars: number): string {
  return text.length <= chars ? text : `…${text.slice(-chars)}`;
}

export function partialWork(work: WorkSoFar): Omit<TaskResult, 'summary'> {
  return { outputTail: tail(work.assistantText, OUTPUT_TAIL_CHARS), filesRead: [...work.filesRead], filesWritten: [...work.filesWritten], toolTrace: work.trace.slice(-TRACE_ENTRIES) };
}

/** The result of a completion: a long summary is cut inline, whole in an artifact. */
export async function completionResult(summary: string, work: WorkSoFar, writeArtifact: (content: string) => Promise<string>): Promise<TaskResult> {
  if (summary.length <= INLINE_RESULT_CHARS) return { summary, ...partialWork(work) };
  const artifact = await writeArtifact(summary);
  return { summary: `${summary.slice(0, INLINE_RESULT_CHARS)}\n… (truncated; the full result is in artifact ${artifact})`, ...partialWork(work), artifact };
}

/** Which budget of the current assignment `used` has spent (turns first), if any: one rule for Baton's loop and ACP agents. */
export function spentBudget(task: Pick<TaskRecord, 'budget' | 'budgetBaseline'>, used: Usage): 'turns' | 'runtime' | null {
  if (used.turns - task.budgetBaseline.turns >= task.budget.maxTurns) return 'turns';
  if (used.runtimeMs - task.budgetBaseline.runtimeMs >= task.budget.maxRuntimeMs) return 'runtime';
  return null;
}

/** ~4 characters a token: the usual rough rule for English text and code. */
const CHARS_PER_TOKEN = 4;

/** `usage` with the output of `chars` streamed characters added, marked as estimated (a turn the model did not count). */
export function withEstimatedOutput(usage: Usage, chars: number): Usage {
  return { ...usage, outputTokens: usage.outputTokens + Math.ceil(chars / CHARS_PER_TOKEN), outputEstimated: true };
}
