/**
 * What abandoning a subtask does, in words for the confirmation: what its parent receives (the
 * lifecycle hands it the child's partial work: its last checkpoint, the tail of its output, the
 * files it read and wrote, its tool trace). Pure, for unit tests.
 */
import type { TaskRecord } from '../../shared/task';
import type { TaskLookup } from './taskLookup';

const MAX_SUMMARY = 120;

export function abandonDetail(task: TaskRecord, lookup: TaskLookup): string {
  const parent = task.parentId ? lookup(task.parentId) : undefined;
  const parentName = parent ? `“${parent.title}”` : 'Its parent';
  const lines: string[] = [];
  if (task.reportTo !== null) {
    const checkpoint = task.lastCheckpoint?.summary.trim();
    const written = [...new Set(task.checkpoints.flatMap((c) => c.filesWritten))];
    const parts = [
      checkpoint ? `its last checkpoint (“${cut(checkpoint)}”)` : undefined,
      'the last of its output',
      written.length > 0 ? `the files it wrote (${written.slice(0, 3).join(', ')}${written.length > 3 ? ` and ${written.length - 3} more` : ''}) and read` : 'the files it read and wrote',
    ].filter(Boolean);
    const waits = parent?.awaiting.some((e) => e.childId === task.id) ?? false;
    lines.push(`${parentName} ${waits ? 'stops waiting for it and ' : ''}gets its partial work: ${parts.join(', ')}.`);
  } else {
    lines.push(`${parentName} already heard from it: abandoning only detaches it.`);
  }
  return lines.join(' ');
}

function cut(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line;
}
