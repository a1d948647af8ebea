/**
 * Commands act on the task in front of the user, as the lifecycle allows (issue 9): with no task
 * panel active a command asks among the tasks it applies to, and only those; with one active it
 * acts on that task; a refusal is information worded by the lifecycle; a task panel's menu acts
 * on its own tree only; and the context keys the palette's `when` clauses read say which actions
 * apply to some task, and to the active panel's task.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { USER_ACTIONS, WebviewCommandId } from '../../../../src/shared/protocol';
import type { TaskRecord } from '../../../../src/shared/task';
import { baton, Prompts, setSetting, taskByGoal, waitForTask } from '../harness';

const GOAL = 'Integration: a task in front of the user';

/** Records every `setContext` Baton runs (the keys `when` clauses read), as the last value per key. */
class ContextKeys {
  readonly values = new Map<string, unknown>();
  private readonly original = vscode.commands.executeCommand;

  constructor() {
    const original = this.original;
    (vscode.commands as { executeCommand: unknown }).executeCommand = (command: string, ...rest: unknown[]) => {
      if (command === 'setContext') this.values.set(String(rest[0]), rest[1]);
      return original.call(vscode.commands, command, ...rest);
    };
  }

  restore(): void {
    (vscode.commands as { executeCommand: unknown }).executeCommand = this.original;
  }
}

describe('commands act on the task in front of the user', () => {
  let services: Awaited<ReturnType<typeof baton>>;
  let prompts: Prompts;
  let keys: ContextKeys;
  let root: TaskRecord;
  let child: TaskRecord;

  before(async () => {
    services = await baton();
    keys = new ContextKeys();
    await setSetting('autoApprove.writes', true);
  });
  after(() => keys.restore());
  beforeEach(() => {
    prompts = new Prompts();
  });
  afterEach(function () {
    prompts.restore();
    if (this.currentTest?.state === 'passed') prompts.assertClean();
  });

  it('registers every command a webview may run (the protocol’s allow-list)', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(WebviewCommandId.options.filter((id) => !registered.has(id)), []);
  });

  it('with no task panel in front, Stop Task asks, offering only the tasks it applies to', async () => {
    prompts.input(GOAL, /New Task/);
    await vscode.commands.executeCommand('baton.newTask');
    root = taskByGoal(services, GOAL);
    root = await waitForTask(services, root.id, (t) => t.status === 'delegated' && t.awaitingChildId !== null, 'the task to delegate');
    child = services.store.get(root.awaitingChildId!)!;
    await waitForTask(services, child.id, () => services.ui?.get(child.id)?.running === true, 'the subtask to run');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(services.focus.get(), undefined, 'no task panel is in front');

    const stoppable = new Set(services.ui!.applicable('stop'));
    prompts.quickPick((items) => items.find((i) => (i as { taskId?: string }).taskId === child.id), /Stop Task/);
    await vscode.commands.executeCommand('baton.stopTask');
    const offered = ((prompts.calls.find((c) => c.kind === 'quickPick')?.items ?? []) as { taskId?: string }[]).flatMap((i) => (i.taskId ? [i.taskId] : []));
    assert.deepEqual(new Set(offered), stoppable, 'exactly the tasks Stop applied to');
    assert.ok(offered.includes(child.id) && offered.includes(root.id), `offered ${JSON.stringify(offered)}`);
    assert.equal(services.store.get(child.id)?.status, 'interrupted');
  });

  it('keeps the context keys the palette reads in step with what the tasks allow', () => {
    // Keys are set when they change: those this test saw change must agree with the tasks now.
    for (const action of USER_ACTIONS) {
      const seen = keys.values.get(`baton.anyTask.${action}`);
      if (seen !== undefined) assert.equal(seen, services.ui!.applicable(action).length > 0, `baton.anyTask.${action}`);
    }
    assert.equal(keys.values.get('baton.anyTask.stop'), false, 'nothing runs any more: Stop Task applies to nothing');
    assert.equal(services.ui!.applicable('resume').length > 0, true, 'the stopped subtask can resume');
  });

  it('with a task panel in front, Resume Task acts on its task without asking', async () => {
    await vscode.commands.executeCommand('baton.openTask', root.id);
    await waitForTask(services, root.id, () => services.focus.get() === root.id, 'the parent’s panel to be in front');
    assert.equal(keys.values.get('baton.activeTask.resume'), true, 'the active panel’s task can resume (its subtask)');
    assert.equal(keys.values.get('baton.activeTask.abandon'), undefined, 'a root is never abandoned: the key never turned true');
    await vscode.commands.executeCommand('baton.resumeTask');
    assert.equal(prompts.calls.filter((c) => c.kind === 'quickPick').length, 0, 'it asked which task');
    await waitForTask(services, child.id, (t) => t.status === 'active', 'the subtask to run again');
  });

  it('says why, as information worded by the lifecycle, when the action does not apply', async () => {
    await vscode.commands.executeCommand('baton.abandonSubtask', root.id);
    assert.deepEqual(prompts.shown('info').map((c) => c.text), [`"${root.title}" is not a subtask; stop or delete it instead.`]);
    assert.deepEqual(prompts.shown('warning'), []);
  });

  it('a task panel’s menu acts on that panel’s tree only', async () => {
    const other = services.store.list().find((t) => t.rootId !== root.rootId);
    assert.ok(other, 'an earlier test left a task of another tree');
    // The parent's panel is in front; its menu cannot name a task of another tree.
    await vscode.commands.executeCommand('baton.deleteTask', { webview: 'baton.task', webviewSection: 'task', taskId: other.id });
    assert.ok(services.store.get(other.id), 'deleted a task outside the panel’s tree');
    assert.equal(prompts.calls.length, 0, 'it even asked');
  });

  it('leaves nothing running: Stop, then Delete (confirmed) the tree', async () => {
    await vscode.commands.executeCommand('baton.stopTask', root.id);
    prompts.quickPick((items) => items.find((i) => /Delete/.test(i.label)), /Delete/);
    await vscode.commands.executeCommand('baton.deleteTask', root.id);
    assert.equal(services.store.get(root.id), undefined);
    assert.equal(services.store.get(child.id), undefined);
  });
});
