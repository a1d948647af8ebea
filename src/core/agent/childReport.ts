/** How a child's result reads to its parent's model: everything a parent needs to continue. */
import type { ChildResultMessage } from '../../shared/task';

const EXIT_REASON: Record<ChildResultMessage['outcome'], string> = {
  completed: 'attempt_completion',
  abandoned: 'abandoned by the user',
  lost: 'subtask record lost',
};

export function formatChildReport(m: ChildResultMessage): string {
  const r = m.result;
  const lines = [
    `Subtask "${m.childTitle}" ${m.outcome === 'completed' ? 'completed' : m.outcome === 'abandoned' ? 'was abandoned by the user' : 'was lost'}.`,
    `Status: ${m.outcome} · Exit reason: ${EXIT_REASON[m.outcome]} · Duration: ${(m.durationMs / 1000).toFixed(1)} s · Tokens: ${m.usage.inputTokens} in / ${m.usage.outputTokens} out · Turns: ${m.usage.turns}`,
    '',
    'Summary:',
    r.summary || '(none)',
  ];
  if (r.filesRead.length) lines.push('', `Files read: ${r.filesRead.join(', ')}`);
  if (r.filesWritten.length) lines.push('', `Files written: ${r.filesWritten.join(', ')}`);
  if (r.toolTrace.length) lines.push('', 'Tool calls:', ...r.toolTrace.slice(-20).map((t) => `- ${t}`));
  if (r.outputTail.trim()) lines.push('', 'Output tail:', r.outputTail.trim());
  if (r.artifact) lines.push('', `Full output: artifact ${r.artifact}`);
  if (m.outcome !== 'completed') lines.push('', 'Decide how to proceed: continue without it, do the work yourself, or delegate a new subtask.');
  return lines.join('\n');
}
