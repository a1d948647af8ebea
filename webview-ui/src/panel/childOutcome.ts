/**
 * How one child's outcome reads in its parent's delegation card, from the outcome the parent
 * received (its inbox keeps each child's result message): what happened, what it used, how long
 * it took, and a failure's message. Pure, so the words are tested without a page.
 */
import { aboutOutput, type ChildOutcome, type ChildResultMessage, type TaskRecord } from '../../../src/shared/task';
import type { StatusTone } from '../../../src/shared/taskStatus';
import { formatCost, formatDuration, formatTokens } from '../state/format';

export interface OutcomeView {
  readonly outcome: ChildOutcome;
  readonly label: string;
  readonly icon: string;
  readonly tone: StatusTone;
  /** e.g. "1.2k tokens in, 340 out · $0.0123 · 42s". */
  readonly usage: string;
  readonly summary: string;
  /** The error that survived the retries (outcome failed). */
  readonly failure: string | undefined;
}

const WORDS: Record<ChildOutcome, { label: string; icon: string; tone: StatusTone }> = {
  completed: { label: 'Completed', icon: 'pass', tone: 'success' },
  failed: { label: 'Failed', icon: 'error', tone: 'error' },
  abandoned: { label: 'Abandoned; partial work handed back', icon: 'circle-slash', tone: 'muted' },
  deleted: { label: 'Deleted', icon: 'trash', tone: 'muted' },
  stopped: { label: 'Stopped by its parent', icon: 'debug-stop', tone: 'warning' },
  lost: { label: 'Lost', icon: 'question', tone: 'error' },
};

/** The latest outcome `parent` received from `childId`, or undefined while it has none. */
export function latestOutcome(parent: TaskRecord, childId: string): ChildResultMessage | undefined {
  for (let i = parent.inbox.length - 1; i >= 0; i--) {
    const m = parent.inbox[i]!;
    if (m.kind === 'child_result' && m.childId === childId) return m;
  }
  return undefined;
}

export function outcomeView(m: ChildResultMessage): OutcomeView {
  const { inputTokens, outputTokens, costUsd } = m.usage;
  const parts = [`${formatTokens(inputTokens)} tokens in, ${aboutOutput(m.usage)}${formatTokens(outputTokens)} out`];
  if (costUsd !== undefined && costUsd > 0) parts.push(formatCost(costUsd));
  parts.push(formatDuration(m.durationMs));
  return { outcome: m.outcome, ...WORDS[m.outcome], usage: parts.join(' · '), summary: m.result.summary.trim(), failure: m.failure?.message };
}
