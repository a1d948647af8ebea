/**
 * What the status bar item says, from the task list: how many tasks run now (in any window)
 * and how many wait, interrupted, to be resumed. Pure (no `vscode`), so it is unit-tested.
 */
import type { TaskRecord } from '../../shared/task';
import { isRunning } from '../commands/taskAvailability';

export interface TaskSummary {
  readonly running: readonly TaskRecord[];
  readonly interrupted: readonly TaskRecord[];
}

export interface StatusBarContent {
  readonly text: string;
  readonly tooltip: string;
  /** For screen readers: the text without codicons. */
  readonly ariaLabel: string;
}

/** Titles listed per group in the tooltip; the rest are counted. */
const TOOLTIP_TITLES = 5;

export function summarizeTasks(tasks: readonly TaskRecord[], now: number, leaseTtlMs: number): TaskSummary {
  const newestFirst = [...tasks].sort((a, b) => b.createdAt - a.createdAt);
  return {
    running: newestFirst.filter((task) => isRunning(task, now, leaseTtlMs)),
    interrupted: newestFirst.filter((task) => task.status === 'interrupted'),
  };
}

/** Undefined when nothing runs and nothing is interrupted: the item is hidden then. */
export function statusBarContent(summary: TaskSummary): StatusBarContent | undefined {
  const running = summary.running.length;
  const interrupted = summary.interrupted.length;
  if (running === 0 && interrupted === 0) return undefined;
  const text: string[] = [];
  const words: string[] = [];
  if (running) {
    text.push(`$(sync~spin) ${running} running`);
    words.push(`${running} ${running === 1 ? 'task' : 'tasks'} running`);
  }
  if (interrupted) {
    text.push(`$(debug-pause) ${interrupted} interrupted`);
    words.push(`${interrupted} interrupted`);
  }
  const tooltip = [
    ...section('Running', summary.running),
    ...section('Interrupted, waiting to be resumed', summary.interrupted),
    'Counts cover every VS Code window. Click to show Baton’s tasks.',
  ].join('\n');
  return { text: text.join(' · '), tooltip, ariaLabel: `Baton: ${words.join(', ')}` };
}

function section(heading: string, tasks: readonly TaskRecord[]): string[] {
  if (tasks.length === 0) return [];
  const lines = tasks.slice(0, TOOLTIP_TITLES).map((task) => `  • ${task.title}`);
  if (tasks.length > TOOLTIP_TITLES) lines.push(`  • and ${tasks.length - TOOLTIP_TITLES} more`);
  return [`${heading}:`, ...lines, ''];
}
