/**
 * Writes a small, realistic task history into a Baton store through the real store and
 * lifecycle, as another window would: one tree per status the sidebar shows, including a
 * parent waiting on a running child and a parent whose child was abandoned.
 */
import { TaskStore } from '../../src/core/store';
import type { LifecycleCommand } from '../../src/core/lifecycle/types';

/** Title of the child left running (leased to `ownerId`) by the seed. */
export const RUNNING_CHILD_TITLE = 'Build the settings form';

type Step = { [K in LifecycleCommand['type']]: Omit<Extract<LifecycleCommand, { type: K }>, 'now'> }[LifecycleCommand['type']];

const result = (summary: string) => ({ summary, filesRead: [], filesWritten: [], outputTail: '', toolTrace: [] });
const checkpoint = (summary: string, at: number) => ({ summary, filesRead: [], filesWritten: [], at });

export async function seedTasks(storeDir: string, ownerId: string, now = Date.now()): Promise<void> {
  const store = await TaskStore.open(storeDir, { ownerId });
  const lease = { ownerId, leaseTtlMs: 60_000 };
  const minutesAgo = (m: number) => now - m * 60_000;
  const steps: [number, Step][] = [
    // An older root whose child was abandoned: the parent carries on.
    [90, { type: 'createRoot', id: 'seed-docs', title: 'Migrate the docs site', goal: 'Move the docs to the new generator.' }],
    [89, { type: 'start', taskId: 'seed-docs', ...lease }],
    [88, { type: 'delegate', parentId: 'seed-docs', toolCallId: 'call-1', children: [{ childId: 'seed-docs-links', title: 'Fix broken links', goal: 'Fix every broken link.' }] }],
    [87, { type: 'start', taskId: 'seed-docs-links', ...lease }],
    [86, { type: 'interrupt', taskId: 'seed-docs-links', reason: 'user_stop' }],
    [85, { type: 'abandon', taskId: 'seed-docs-links' }],
    [84, { type: 'start', taskId: 'seed-docs', ...lease }],
    [83, { type: 'budgetExhausted', taskId: 'seed-docs', reason: 'turns', checkpoint: checkpoint('Half the pages moved', minutesAgo(83)) }],

    [60, { type: 'createRoot', id: 'seed-issues', title: 'Summarize open issues', goal: 'Summarize the open issues by area.' }],
    [59, { type: 'start', taskId: 'seed-issues', ...lease }],
    [55, { type: 'complete', taskId: 'seed-issues', result: result('Twelve issues in four areas.') }],

    [40, { type: 'createRoot', id: 'seed-react', title: 'Upgrade to React 19', goal: 'Upgrade the webview to React 19.' }],
    [39, { type: 'start', taskId: 'seed-react', ...lease }],
    [38, { type: 'fail', taskId: 'seed-react', failure: { message: 'The model endpoint refused the request.' } }],

    [30, { type: 'createRoot', id: 'seed-login', title: 'Fix the flaky login test', goal: 'Find why the login test fails one run in ten.' }],
    [29, { type: 'start', taskId: 'seed-login', ...lease }],
    [25, { type: 'interrupt', taskId: 'seed-login', reason: 'editor_closed' }],

    // The newest: a parent waiting on its second child, which is running now.
    [10, { type: 'createRoot', id: 'seed-settings', title: 'Ship the settings page', goal: 'Add a settings page.' }],
    [9, { type: 'start', taskId: 'seed-settings', ...lease }],
    [8, { type: 'delegate', parentId: 'seed-settings', toolCallId: 'call-2', children: [{ childId: 'seed-schema', title: 'Write the settings schema', goal: 'Define the schema.' }] }],
    [7, { type: 'start', taskId: 'seed-schema', ...lease }],
    [5, { type: 'complete', taskId: 'seed-schema', result: result('Schema written.') }],
    [4, { type: 'start', taskId: 'seed-settings', ...lease }],
    [3, { type: 'delegate', parentId: 'seed-settings', toolCallId: 'call-3', children: [{ childId: 'seed-form', title: RUNNING_CHILD_TITLE, goal: 'Build the form.' }] }],
    [0, { type: 'start', taskId: 'seed-form', ...lease }],
  ];
  try {
    for (const [ago, step] of steps) await store.commit({ ...step, now: minutesAgo(ago) } as LifecycleCommand);
  } finally {
    await store.close();
  }
}
