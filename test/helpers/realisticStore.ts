/**
 * A realistic task history for benchmarks: trees built with the real lifecycle (so every record
 * is valid and every invariant holds), roots with 0-5 descendants, text of plausible lengths,
 * and the states a real history ends up in: mostly completed, some stopped or failed, a few
 * left `active` by a window that crashed (reconcile must interrupt those) and a few running
 * live in another window (reconcile must leave those alone).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyCommand, type LifecycleCommand } from '../../src/core/lifecycle';
import { storeLayout, treeFileName } from '../../src/core/store/paths';
import { encodeTree } from '../../src/core/store/treeFile';
import type { TaskMap } from '../../src/shared/task';
import { seededRandom } from './randomCommands';

const WORDS = 'the parser module tokenizer refactor test coverage build script config handler cache index query schema migration endpoint request response stream retry budget checkpoint'.split(' ');

/**
 * How much text tasks carry. `typical`: summaries of a paragraph, output tails up to 500 chars,
 * a few tool-trace lines (the runtime caps tails at 2,000 and traces at 50). `compact`: short
 * answers and no tails, the light end of real use.
 */
export type TextProfile = 'typical' | 'compact';

export interface RealisticStoreOptions {
  /**
   * Most trees left `active` by a crashed window, and most running live in another window.
   * Unset: 1% of roots each (the 10,000-task dataset). A year of history does not run more
   * tasks at once than a day does: the 100,000-task dataset caps them at the 10,000's counts.
   */
  running?: { crashed: number; live: number };
  /**
   * Each goal also names one of 2,000 topics (`topic0042`), drawn Zipf-like: a search for a
   * topic matches a realistic handful of tasks, where the 25 common words match nearly all.
   */
  topics?: boolean;
}

export interface RealisticStoreStats {
  tasks: number;
  trees: number;
  bytes: number;
  crashedActive: number;
  liveElsewhere: number;
  /** Tree files reconcile will rewrite (the crashed ones), to restore between benchmark runs. */
  rewrittenByReconcile: string[];
}

/**
 * Writes a store of exactly `taskCount` tasks into `dir` (tree files only, written directly:
 * building it through commits would take a minute of fsyncs). `now` is the moment the store
 * will be opened: leases of the "live elsewhere" tasks are fresh then, crashed ones are old.
 */
export function writeRealisticStore(dir: string, taskCount: number, now: number, profile: TextProfile = 'typical', seed = 42, options: RealisticStoreOptions = {}): RealisticStoreStats {
  const rand = seededRandom(seed);
  // Topics come from their own generator, so the rest of the dataset is the same with or without them.
  const topicRand = seededRandom(seed + 1);
  const goal = (min: number, max: number) => {
    const body = text(min, max);
    if (!options.topics) return body;
    const topic = `topic${String(Math.floor(2000 * topicRand() ** 2)).padStart(4, '0')}`;
    return `${topic} ${body}`.slice(0, Math.max(body.length, topic.length));
  };
  const scale = profile === 'typical' ? 1 : 0.3;
  const text = (min: number, max: number) => {
    const n = Math.floor((min + Math.floor(rand() * (max - min))) * scale);
    let s = '';
    while (s.length < n) s += WORDS[Math.floor(rand() * WORDS.length)] + ' ';
    return s.slice(0, n);
  };
  const layout = storeLayout(dir);
  fs.mkdirSync(layout.tasks, { recursive: true });
  const stats: RealisticStoreStats = { tasks: 0, trees: 0, bytes: 0, crashedActive: 0, liveElsewhere: 0, rewrittenByReconcile: [] };

  for (let t = 0; stats.tasks < taskCount; t++) {
    const budget = Math.min(taskCount - stats.tasks - 1, pickDescendants(rand()));
    const rootId = `root${t.toString(36).padStart(5, '0')}${Math.floor(rand() * 1e9).toString(36)}`;
    let at = now - 30 * 86_400_000 + Math.floor(rand() * 29 * 86_400_000);
    let tasks: TaskMap = {};
    const apply = (command: LifecycleCommand) => {
      const result = applyCommand(tasks, command);
      if (!result.ok) throw result.error;
      tasks = result.tasks;
    };
    const result = () => ({
      summary: text(80, 300),
      filesRead: ['src/parser.ts', 'src/tokenizer.ts'].slice(0, 1 + Math.floor(rand() * 2)),
      filesWritten: ['src/parser.ts'],
      outputTail: text(0, 500),
      toolTrace: Array.from({ length: 1 + Math.floor(rand() * 5) }, (_, i) => `tool_${i} src/file${i}.ts (ok)`),
    });
    const checkpoint = () => ({ summary: text(40, 160), filesRead: ['src/a.ts'], filesWritten: [], at: (at += 1000) });
    const usage = () => ({ inputTokens: Math.floor(rand() * 50_000), outputTokens: Math.floor(rand() * 5_000), turns: 1 + Math.floor(rand() * 20), runtimeMs: Math.floor(rand() * 600_000) });

    apply({ type: 'createRoot', id: rootId, title: text(20, 60), goal: goal(60, 240), now: (at += 1000), ownerId: 'old-window', workspace: '/home/user/project' });
    // Descendants: each a child of the root, sometimes with a grandchild (depth 2).
    let made = 0;
    for (let c = 0; made < budget; c++) {
      const childId = `${rootId}c${c}`;
      apply({ type: 'delegate', parentId: rootId, toolCallId: `call_${childId}`, children: [{ childId, title: text(20, 60), goal: goal(60, 240), context: text(0, 200) }], now: (at += 1000), ownerId: 'old-window' });
      made++;
      apply({ type: 'recordProgress', taskId: childId, checkpoint: checkpoint(), ownUsage: usage(), now: (at += 1000) });
      if (made < budget && rand() < 0.3) {
        const grandId = `${childId}g`;
        apply({ type: 'delegate', parentId: childId, toolCallId: `call_${grandId}`, children: [{ childId: grandId, title: text(20, 60), goal: goal(60, 240) }], now: (at += 1000), ownerId: 'old-window' });
        made++;
        apply({ type: 'complete', taskId: grandId, result: result(), ownUsage: usage(), now: (at += 1000), ownerId: 'old-window' });
      }
      apply({ type: 'complete', taskId: childId, result: result(), ownUsage: usage(), now: (at += 1000), ownerId: 'old-window' });
    }
    let fate = rand();
    // Past the cap, a tree that would be running was stopped instead.
    if (options.running && fate >= 0.98 && fate < 0.99 && stats.crashedActive >= options.running.crashed) fate = 0.8;
    if (options.running && fate >= 0.99 && stats.liveElsewhere >= options.running.live) fate = 0.8;
    if (fate < 0.7) apply({ type: 'complete', taskId: rootId, result: result(), ownUsage: usage(), now: (at += 1000) });
    else if (fate < 0.85) apply({ type: 'interrupt', taskId: rootId, reason: 'user_stop', now: (at += 1000) });
    else if (fate < 0.94) apply({ type: 'fail', taskId: rootId, failure: { message: 'The model endpoint kept failing.' }, now: (at += 1000) });
    else if (fate < 0.98) apply({ type: 'budgetExhausted', taskId: rootId, reason: 'turns', checkpoint: checkpoint(), now: (at += 1000) });
    else if (fate < 0.99) {
      apply({ type: 'heartbeat', taskId: rootId, ownerId: 'old-window', now: now - 3_600_000 });
      stats.crashedActive++;
      stats.rewrittenByReconcile.push(treeFileName(rootId));
    } else {
      apply({ type: 'start', taskId: rootId, ownerId: 'other-live-window', leaseTtlMs: 30_000, now: now - 3_600_000 });
      apply({ type: 'heartbeat', taskId: rootId, ownerId: 'other-live-window', now });
      stats.liveElsewhere++;
    }

    const data = encodeTree({ rootId, revision: 1 + Math.floor(rand() * 20), writer: `bench${t}`, records: tasks });
    fs.writeFileSync(path.join(layout.tasks, treeFileName(rootId)), data);
    stats.tasks += Object.keys(tasks).length;
    stats.trees++;
    stats.bytes += data.length;
  }
  return stats;
}

/** 0-5 descendants: many lone roots, fewer big trees. */
function pickDescendants(r: number): number {
  const weights = [0.35, 0.2, 0.15, 0.12, 0.1, 0.08];
  let acc = 0;
  for (let n = 0; n < weights.length; n++) {
    acc += weights[n]!;
    if (r < acc) return n;
  }
  return 5;
}
