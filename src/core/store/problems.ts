/**
 * What the store could not load, as data. The store never stops at a bad entry (one damaged
 * file must not hide the rest of the history); it loads everything else and lists here what it
 * skipped or moved aside, so the host can tell the user once and point to the details.
 *
 * The rule for what happens to an entry (never delete, never lose):
 *  - `quarantined`: the entry can never load as what its place says (invalid or torn content, a
 *    folder named like a tree file, a file where the store keeps a folder, a tree too large to
 *    read): it is moved to the quarantine folder, bytes untouched.
 *  - `unreadable`: the store cannot read it now (permissions, an I/O error): left in place and
 *    skipped, so it loads again once the cause is fixed.
 *  - `newer`: a tree saved by a newer Baton: left in place, skipped, never written over.
 *  - `conflict`: trees that disagree (one task id in two files, links to tasks outside the
 *    file): left in place, none of them loaded, never rewritten, since choosing one would be a
 *    guess.
 */
import * as path from 'node:path';
import { Emitter, type Disposable } from './events';

export type StoreProblemKind = 'quarantined' | 'unreadable' | 'newer' | 'conflict';

export interface StoreProblem {
  kind: StoreProblemKind;
  /** The file or folder concerned, absolute (where it was, for a quarantined one). */
  file: string;
  /** Why, in words a user can act on. */
  reason: string;
  /** Where a quarantined entry is now, absolute. */
  movedTo?: string;
  /** How many tasks the file holds, when the store could tell (newer and conflicting trees). */
  tasks?: number;
  /** A whole folder could not be read: nothing in it loaded. */
  wholeFolder?: boolean;
}

export class StoreProblems {
  /** Entries moved to quarantine since open: events, kept for the session. */
  private readonly moved: StoreProblem[] = [];
  /** Conditions that hold now, by file: they go away when the file loads again or is gone. */
  private readonly skipped = new Map<string, StoreProblem>();
  /** Tree files sharing a task id, recomputed as a whole whenever the trees change. */
  private conflicts: StoreProblem[] = [];
  private readonly emitter: Emitter<readonly StoreProblem[]>;
  private pending = false;

  constructor(onListenerError: (error: unknown) => void) {
    this.emitter = new Emitter(onListenerError);
  }

  readonly onDidChange = (listener: (problems: readonly StoreProblem[]) => void): Disposable => this.emitter.event(listener);

  list(): StoreProblem[] {
    return [...this.moved, ...this.skipped.values(), ...this.conflicts];
  }

  quarantined(problem: StoreProblem & { movedTo: string }): void {
    this.skipped.delete(problem.file);
    this.moved.push(problem);
    this.changed();
  }

  /** The entry `problem.file` is skipped for now (replacing what was said about it before). */
  skip(problem: StoreProblem): void {
    const before = this.skipped.get(problem.file);
    if (before && before.kind === problem.kind && before.reason === problem.reason && before.tasks === problem.tasks) return;
    this.skipped.set(problem.file, problem);
    this.changed();
  }

  /** `file` loads again, or is gone. */
  clear(file: string): void {
    if (this.skipped.delete(file)) this.changed();
  }

  /** The conflicts between tree files now (replacing the last list); whether that changed anything. */
  setConflicts(problems: readonly StoreProblem[]): boolean {
    const same = problems.length === this.conflicts.length && problems.every((p, i) => p.file === this.conflicts[i]!.file && p.reason === this.conflicts[i]!.reason);
    if (same) return false;
    this.conflicts = [...problems];
    this.changed();
    return true;
  }

  dispose(): void {
    this.emitter.dispose();
  }

  /** Coalesced: a refresh that finds ten files reports once. */
  private changed(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.emitter.fire(this.list());
    });
  }
}

/** One problem per tree file that shares task ids with others (treeCache.ts says why none loads). */
export function conflictProblems(conflicts: readonly { taskId: string; rootIds: string[] }[], fileOf: (rootId: string) => string, tasksIn: (rootId: string) => number): StoreProblem[] {
  const byRoot = new Map<string, { taskIds: string[]; others: Set<string> }>();
  for (const { taskId, rootIds } of conflicts) {
    for (const rootId of rootIds) {
      let entry = byRoot.get(rootId);
      if (!entry) byRoot.set(rootId, (entry = { taskIds: [], others: new Set() }));
      entry.taskIds.push(taskId);
      for (const other of rootIds) if (other !== rootId) entry.others.add(other);
    }
  }
  return [...byRoot].sort(([a], [b]) => a.localeCompare(b)).map(([rootId, { taskIds, others }]) => {
    const names = [...others].map((other) => path.basename(fileOf(other)));
    return {
      kind: 'conflict',
      file: fileOf(rootId),
      reason: `holds task ${taskIds.join(', ')}, which ${names.join(' and ')} also ${names.length === 1 ? 'holds' : 'hold'}; none of them is loaded, all are left as they are`,
      tasks: tasksIn(rootId),
    };
  });
}

/** What to tell the user about a set of problems, in one notification. */
export interface ProblemNotice {
  severity: 'warning' | 'error';
  message: string;
  /** Set when something was moved to the quarantine folder: the notice offers to show it. */
  quarantined: boolean;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * One notice for `problems` (none for none): a sentence per kind, most actionable first, and
 * what still loaded. The details (which file, why) are in the log.
 */
export function problemNotice(problems: readonly StoreProblem[]): ProblemNotice | undefined {
  if (problems.length === 0) return undefined;
  const of = (kind: StoreProblemKind) => problems.filter((p) => p.kind === kind);
  const sentences: string[] = [];
  const unlisted = problems.some((p) => p.wholeFolder);
  if (unlisted) sentences.push('Baton cannot read its task folder, so no task could be loaded.');
  const newer = of('newer');
  if (newer.length > 0) {
    const tasks = newer.reduce((n, p) => n + (p.tasks ?? 1), 0);
    sentences.push(`${count(tasks, 'task was', 'tasks were')} saved by a newer Baton; update or reload this window.`);
  }
  const unreadable = of('unreadable').filter((p) => !p.wholeFolder);
  if (unreadable.length > 0) sentences.push(`Baton cannot read ${count(unreadable.length, 'file', 'files')} and left ${unreadable.length === 1 ? 'it where it is' : 'them where they are'}.`);
  const conflict = of('conflict');
  if (conflict.length > 0) {
    sentences.push(`${count(conflict.length, 'task file disagrees', 'task files disagree')} with the others and ${conflict.length === 1 ? 'was' : 'were'} not loaded, nor changed.`);
  }
  const quarantined = of('quarantined');
  if (quarantined.length > 0) {
    sentences.push(`Baton could not use ${count(quarantined.length, 'file', 'files')} and moved ${quarantined.length === 1 ? 'it' : 'them'} to its quarantine folder.`);
  }
  if (!unlisted) sentences.push('Everything else loaded.');
  return { severity: unlisted ? 'error' : 'warning', message: sentences.join(' '), quarantined: quarantined.length > 0 };
}

/**
 * Tells each kind of problem once: returns the problems of kinds not yet in `announced`, and
 * adds those kinds. A newer window saving its tenth task must not raise ten notices.
 */
export function takeUnannounced(problems: readonly StoreProblem[], announced: Set<StoreProblemKind>): StoreProblem[] {
  const fresh = problems.filter((p) => !announced.has(p.kind));
  for (const p of fresh) announced.add(p.kind);
  return fresh;
}
