/** How a child's result reads to its parent's model: everything a parent needs to continue. */
import { aboutOutput, type ChildOutcome, type ChildResultMessage } from '../../shared/task';

/** What happened, completing "Subtask "X" …". */
const HEADLINE: Record<ChildOutcome, string> = {
  completed: 'completed',
  failed: 'failed',
  abandoned: 'was abandoned by the user',
  deleted: 'was deleted by the user',
  stopped: 'was stopped before it finished',
  lost: 'was lost',
};

const EXIT_REASON: Record<ChildOutcome, string> = {
  completed: 'attempt_completion',
  failed: 'error after retries',
  abandoned: 'abandoned by the user',
  deleted: 'deleted by the user',
  stopped: 'stopped by its parent',
  lost: 'subtask record lost',
};

export function formatChildReport(m: ChildResultMessage): string {
  const r = m.result;
  const cost = m.usage.costUsd !== undefined ? ` · Cost: $${m.usage.costUsd.toFixed(4)}` : '';
  const lines = [
    `Subtask "${m.childTitle}" ${HEADLINE[m.outcome]}.`,
    `Status: ${m.outcome} · Exit reason: ${EXIT_REASON[m.outcome]} · Duration: ${(m.durationMs / 1000).toFixed(1)} s · Tokens: ${m.usage.inputTokens} in / ${aboutOutput(m.usage)}${m.usage.outputTokens} out${cost} · Turns: ${m.usage.turns}`,
    `Subtask id: ${m.childId}`,
  ];
  if (m.assignment > 1) lines.push(`Assignment: ${m.assignment} (a follow-up assignment to the same subtask)`);
  if (m.failure) lines.push(`Error: ${m.failure.message}${m.failure.code ? ` (${m.failure.code})` : ''}`);
  lines.push('', 'Summary:', r.summary || '(none)');
  if (r.filesRead.length) lines.push('', `Files read: ${r.filesRead.join(', ')}`);
  if (r.filesWritten.length) lines.push('', `Files written: ${r.filesWritten.join(', ')}`);
  if (r.toolTrace.length) lines.push('', 'Tool calls:', ...r.toolTrace.slice(-20).map((t) => `- ${t}`));
  if (r.outputTail.trim()) lines.push('', 'Output tail:', r.outputTail.trim());
  if (r.artifact) lines.push('', `Full output: artifact ${r.artifact}`);
  if (m.outcome !== 'completed') {
    lines.push('', `${RESUMABLE_NOTE[m.outcome] ?? ''}Decide how to proceed: continue without it, do the work yourself, or delegate a new subtask.`);
  }
  return lines.join('\n');
}

/** Outcomes after which the child is still there to pick up from. */
const RESUMABLE_NOTE: Partial<Record<ChildOutcome, string>> = {
  failed: 'It keeps its conversation and can be retried. ',
  stopped: 'It keeps its conversation and can be continued. ',
};

/**
 * The one result of a delegate_task (or continue_subtask) call that waited: one entry per
 * child in the order the call listed them, headed by a count of the outcomes.
 */
export function formatBatchReport(results: readonly ChildResultMessage[]): string {
  if (results.length === 1) return formatChildReport(results[0]!);
  const counts = new Map<ChildOutcome, number>();
  for (const m of results) counts.set(m.outcome, (counts.get(m.outcome) ?? 0) + 1);
  const tally = [...counts].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
  const sections = results.map((m, i) => `## ${i + 1} of ${results.length}\n${formatChildReport(m)}`);
  return [`${results.length} subtasks reported (${tally}), in the order you listed them.`, ...sections].join('\n\n');
}
