/**
 * The live view of a parent's children (subtask_status, and what wait_for_subtasks wakes up
 * with): per child its status, what it is doing right now, the end of its output, its last tool
 * calls, its usage so far and its last checkpoint. Built by the orchestrator from records and an
 * in-memory view fed by events, never from transcripts; formatted here for the parent's model.
 */
import { aboutOutput, type Checkpoint, type ChildOutcome, type InterruptReason, type BudgetReason, type TaskStatus, type Usage } from '../../shared/task';

/** What a child is doing at this moment, as far as this window knows. */
export type LiveActivity =
  | { kind: 'queued'; position: number }
  | { kind: 'starting' }
  | { kind: 'streaming' }
  | { kind: 'thinking' }
  | { kind: 'tool'; name: string; target: string }
  | { kind: 'retrying'; attempt: number; maxAttempts: number; waitMs: number; reason: string; at: number }
  | { kind: 'stalled'; sinceMs: number; at: number }
  | { kind: 'needs_user'; question: string };

export interface SubtaskStatus {
  id: string;
  title: string;
  status: TaskStatus;
  /** 1 from delegation, +1 per continue_subtask. */
  assignment: number;
  /** Whether the parent is still owed the outcome of the current assignment. */
  owesReport: boolean;
  /** Null when it is not running in this window (finished, paused, or in another window). */
  activity: LiveActivity | null;
  /** The last ~1,000 characters it streamed (in this window), else its result's tail. */
  outputTail: string;
  /** Its most recent tool calls, oldest first: one trace line each. */
  recentTools: string[];
  usage: Usage;
  lastCheckpoint: Checkpoint | null;
  /** How its last reported assignment ended, if one was reported. */
  lastOutcome: ChildOutcome | null;
  interruptReason: InterruptReason | null;
  budgetReason: BudgetReason | null;
  failure: string | null;
}

export const STATUS_TAIL_CHARS = 1_000;

export function describeActivity(a: LiveActivity | null, now: number): string {
  if (!a) return '';
  switch (a.kind) {
    case 'queued':
      return `queued (number ${a.position} in line for a free slot)`;
    case 'starting':
      return 'starting';
    case 'streaming':
      return 'generating';
    case 'thinking':
      return 'waiting for the model';
    case 'tool':
      return `running tool ${a.name}${a.target ? ` ${a.target}` : ''}`;
    case 'retrying': {
      const left = Math.max(0, a.at + a.waitMs - now);
      return `retrying after an error (${a.reason}): attempt ${a.attempt} of ${a.maxAttempts} failed, next in ${(left / 1000).toFixed(1)} s`;
    }
    case 'stalled':
      return `stalled: no output from the model for ${Math.round((a.sinceMs + Math.max(0, now - a.at)) / 1000)} s`;
    case 'needs_user':
      return `needs the user: asked "${a.question}"`;
  }
}

function headline(s: SubtaskStatus, now: number): string {
  const doing = describeActivity(s.activity, now);
  switch (s.status) {
    case 'active':
      return doing || 'open, not running in this window';
    case 'delegated':
      return 'waiting for its own subtasks';
    case 'interrupted':
      return `interrupted (${s.interruptReason ?? 'stopped'}); continue_subtask gives it a new instruction`;
    case 'needs_continuation':
      return `paused: its ${s.budgetReason ?? ''} budget ran out; continue_subtask gives it a new budget`.replace('  ', ' ');
    case 'failed':
      return `failed: ${s.failure ?? 'an error survived the retries'}`;
    case 'completed':
      return 'completed';
    case 'abandoned':
      return 'abandoned by the user';
  }
}

/** The status view as the parent's model reads it. */
export function formatStatusView(statuses: readonly SubtaskStatus[], now: number): string {
  if (statuses.length === 0) return 'You have no subtasks.';
  const running = statuses.filter((s) => s.status === 'active').length;
  const lines = [`${statuses.length} subtask${statuses.length === 1 ? '' : 's'} (${running} open):`];
  for (const s of statuses) {
    const tokens = `${s.usage.inputTokens} in / ${aboutOutput(s.usage)}${s.usage.outputTokens} out tokens, ${s.usage.turns} turns${s.usage.costUsd !== undefined ? `, $${s.usage.costUsd.toFixed(4)}` : ''}`;
    const owes = s.owesReport ? '' : s.lastOutcome ? ` · reported: ${s.lastOutcome}` : '';
    const what = headline(s, now);
    lines.push('', `- "${s.title}" (id ${s.id}): ${s.status}${what === s.status ? '' : ` · ${what}`} · assignment ${s.assignment}${owes} · ${tokens}`);
    if (s.lastCheckpoint) lines.push(`  Last checkpoint: ${s.lastCheckpoint.summary}${s.lastCheckpoint.nextStep ? ` (next: ${s.lastCheckpoint.nextStep})` : ''}`);
    if (s.recentTools.length) lines.push(`  Recent tool calls: ${s.recentTools.join('; ')}`);
    if (s.outputTail.trim()) lines.push(`  Output tail: ${s.outputTail.trim().replace(/\n+/g, ' ⏎ ')}`);
  }
  return lines.join('\n');
}
