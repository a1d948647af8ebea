/**
 * What the status bar item says, from the tasks and how they stand (TaskUiState): how many wait
 * for the user (an approval or an answer, shown first: a task waiting for you stalls until you
 * act), how many run now (in any window), and how many wait, interrupted, to be resumed. Pure
 * (no `vscode`), so it is unit-tested.
 */
import type { TaskUiState } from '../../shared/protocol';
import type { TaskRecord } from '../../shared/task';

export interface TaskSummary {
  readonly needsYou: readonly TaskRecord[];
  readonly running: readonly TaskRecord[];
  readonly interrupted: readonly TaskRecord[];
}

export interface StatusBarContent {
  readonly text: string;
  readonly tooltip: string;
  /** For screen readers: the text without codicons. */
  readonly ariaLabel: string;
  /** Something waits for the user: the item stands out, and a click opens that task. */
  readonly attention: TaskRecord | undefined;
}

/** Titles listed per group in the tooltip; the rest are counted. */
const TOOLTIP_TITLES = 5;

export function summarizeTasks(tasks: readonly TaskRecord[], stateOf: (id: string) => TaskUiState | undefined): TaskSummary {
  const newestFirst = [...tasks].sort((a, b) => b.createdAt - a.createdAt);
  return {
    // The asking tasks themselves, not their ancestors (which say "Subtask needs your approval").
    needsYou: newestFirst.filter((task) => stateOf(task.id)?.attention?.taskId === task.id).reverse(),
    running: newestFirst.filter((task) => stateOf(task.id)?.running === true && stateOf(task.id)?.attention?.taskId !== task.id),
    interrupted: newestFirst.filter((task) => task.status === 'interrupted'),
  };
}

/** Undefined when nothing waits, runs or is interrupted: the item is hidden then. */
export function statusBarContent(summary: TaskSummary): StatusBarContent | undefined {
  const needsYou = summary.needsYou.length;
  const running = summary.running.length;
  const interrupted = summary.interrupted.length;
  if (needsYou === 0 && running === 0 && interrupted === 0) return undefined;
  const text: string[] = [];
  const words: string[] = [];
  if (needsYou) {
    text.push(`$(bell-dot) ${needsYou} ${needsYou === 1 ? 'needs' : 'need'} you`);
    words.push(`${needsYou} ${needsYou === 1 ? 'task needs' : 'tasks need'} you`);
  }
  if (running) {
    text.push(`$(sync~spin) ${running} running`);
    words.push(`${running} ${running === 1 ? 'task' : 'tasks'} running`);
  }
  if (interrupted) {
    text.push(`$(debug-pause) ${interrupted} interrupted`);
    words.push(`${interrupted} interrupted`);
  }
  const first = summary.needsYou[0];
  const tooltip = [
    ...section('Waiting for your approval or answer', summary.needsYou),
    ...section('Running', summary.running),
    ...section('Interrupted, waiting to be resumed', summary.interrupted),
    first ? `Counts cover every VS Code window. Click to open “${first.title}”.` : 'Counts cover every VS Code window. Click to show Baton’s tasks.',
  ].join('\n');
  return { text: text.join(' · '), tooltip, ariaLabel: `Baton: ${words.join(', ')}`, attention: first };
}

function section(heading: string, tasks: readonly TaskRecord[]): string[] {
  if (tasks.length === 0) return [];
  const lines = tasks.slice(0, TOOLTIP_TITLES).map((task) => `  • ${task.title}`);
  if (tasks.length > TOOLTIP_TITLES) lines.push(`  • and ${tasks.length - TOOLTIP_TITLES} more`);
  return [`${heading}:`, ...lines, ''];
}
