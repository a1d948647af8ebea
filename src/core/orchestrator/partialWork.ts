/** What a task did, read from its transcript: handed to a parent with a stopped, abandoned or deleted child. */
import type { AgentEvent } from '../../shared/events';
import type { TaskResult } from '../../shared/task';

const TAIL_CHARS = 2_000;

export function partialWorkOf(events: readonly AgentEvent[]): Partial<TaskResult> {
  let text = '';
  for (const e of events) if (e.type === 'assistant') text += e.text;
  const results = events.flatMap((e) => (e.type === 'tool_result' ? [e] : []));
  return {
    outputTail: text.length > TAIL_CHARS ? `…${text.slice(-TAIL_CHARS)}` : text,
    filesRead: [...new Set(results.flatMap((e) => e.filesRead ?? []))],
    filesWritten: [...new Set(results.flatMap((e) => e.filesWritten ?? []))],
    toolTrace: results.flatMap((e) => (e.trace ? [e.trace] : [])).slice(-50),
  };
}
