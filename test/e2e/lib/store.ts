/** Baton's task store on disk, read as another process would: one JSON file per task tree. */
import fs from 'node:fs';
import path from 'node:path';
import type { TaskRecord } from '../../../src/shared/task';
import { until } from './ui';

export class StoreOnDisk {
  constructor(readonly storeDir: string) {}

  get tasksDir(): string {
    return path.join(this.storeDir, 'tasks');
  }

  tasks(): TaskRecord[] {
    if (!fs.existsSync(this.tasksDir)) return [];
    const tasks: TaskRecord[] = [];
    for (const name of fs.readdirSync(this.tasksDir)) {
      if (!name.endsWith('.json')) continue;
      try {
        const tree = JSON.parse(fs.readFileSync(path.join(this.tasksDir, name), 'utf8')) as { records: TaskRecord[] };
        tasks.push(...tree.records);
      } catch {
        // Replaced while being read: the next look sees the new version.
      }
    }
    return tasks;
  }

  byTitle(title: string): TaskRecord | undefined {
    return this.tasks().find((t) => t.title === title);
  }

  mustGet(title: string): TaskRecord {
    const task = this.byTitle(title);
    if (!task) throw new Error(`no task "${title}" in the store at ${this.storeDir}`);
    return task;
  }

  /** Waits until a task in the store satisfies `match`. */
  waitFor(what: string, match: (task: TaskRecord) => boolean, timeoutMs = 30_000): Promise<TaskRecord> {
    return until(`the store to show ${what}`, () => this.tasks().find(match), timeoutMs);
  }

  /** The transcript events of a task (JSON lines), as far as they are written. */
  transcript(taskId: string): { type: string; [key: string]: unknown }[] {
    const file = path.join(this.storeDir, 'transcripts', `${taskId}.jsonl`);
    const out: { type: string }[] = [];
    if (!fs.existsSync(file)) return out;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as { type: string });
      } catch {
        // A line being written.
      }
    }
    return out;
  }
}
