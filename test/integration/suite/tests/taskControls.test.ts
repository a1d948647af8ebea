/**
 * Stop, Resume, Abandon and Delete through their commands, on a running Demo-model subtask:
 * stopping a subtask leaves its parent waiting; Resume picks it up and it streams again; an
 * abandoned subtask hands its parent the partial work, the parent finishes, and nothing can
 * reattach the subtask; Delete removes the whole tree.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TaskRecord } from '../../../../src/shared/task';
import { baton, nextEvent, Prompts, setSetting, taskByGoal, waitForStatus, waitForTask } from '../harness';

const GOAL = 'Integration: a task whose subtask is stopped, resumed and abandoned';

describe('Stop, Resume, Abandon and Delete on a running subtask', () => {
  let services: Awaited<ReturnType<typeof baton>>;
  let prompts: Prompts;
  let parent: TaskRecord;
  let child: TaskRecord;

  before(async () => {
    services = await baton();
    await setSetting('maxTurns', undefined);
    await setSetting('autoApprove.writes', true);
  });
  beforeEach(() => {
    prompts = new Prompts();
  });
  afterEach(function () {
    prompts.restore();
    if (this.currentTest?.state === 'passed') prompts.assertClean();
  });

  it('a new task delegates a subtask that starts running', async () => {
    prompts.input(GOAL, /New Task/);
    await vscode.commands.executeCommand('baton.newTask');
    parent = taskByGoal(services, GOAL);
    assert.equal(parent.budget.maxTurns, 40, 'back to the default baton.maxTurns');
    const parentId = parent.id;
    const streamed = nextEvent(services, (e) => e.type === 'text' && services.store.get(e.taskId)?.parentId === parentId, 'text from the subtask');
    parent = await waitForTask(services, parent.id, (t) => t.status === 'delegated' && t.awaitingChildId !== null, 'the task to delegate');
    child = services.store.get(parent.awaitingChildId!)!;
    assert.equal(child.status, 'active');
    assert.equal((await streamed).taskId, child.id);
    assert.equal(services.orchestrator.isRunning(child.id), true, 'this window runs the subtask');
  });

  it('Stop Task interrupts the subtask; its parent keeps waiting on it', async () => {
    await vscode.commands.executeCommand('baton.stopTask', child.id);
    child = services.store.get(child.id)!;
    assert.equal(child.status, 'interrupted');
    assert.equal(child.interruptReason, 'user_stop');
    await services.orchestrator.settled(child.id);
    assert.equal(services.orchestrator.isRunning(child.id), false);
    parent = services.store.get(parent.id)!;
    assert.equal(parent.status, 'delegated');
    assert.equal(parent.awaitingChildId, child.id);
  });

  it('Resume Task runs the subtask again and it streams', async () => {
    const streamed = nextEvent(services, (e) => e.taskId === child.id && e.type === 'text', 'text from the resumed subtask');
    await vscode.commands.executeCommand('baton.resumeTask', child.id);
    assert.equal(services.store.get(child.id)?.status, 'active');
    await streamed;
  });

  it('Resume with a Message asks for the message and hands it to the stopped subtask as it resumes', async () => {
    await vscode.commands.executeCommand('baton.stopTask', child.id);
    assert.equal(services.store.get(child.id)?.status, 'interrupted');
    prompts.input('Keep it to one paragraph', /with a message/);
    await vscode.commands.executeCommand('baton.resumeWithMessage', child.id);
    const resumed = services.store.get(child.id)!;
    assert.equal(resumed.status, 'active');
    assert.ok(resumed.inbox.some((m) => m.kind === 'user_message' && m.text === 'Keep it to one paragraph'), 'the message is in its inbox');
  });

  it('Abandon Subtask (after a Stop) detaches it; the parent gets the partial work and completes', async () => {
    await vscode.commands.executeCommand('baton.stopTask', child.id);
    assert.equal(services.store.get(child.id)?.status, 'interrupted');
    prompts.quickPick((items) => items.find((i) => /Abandon/.test(i.label)), /Abandon/);
    await vscode.commands.executeCommand('baton.abandonSubtask', child.id);
    const asked = prompts.calls.find((c) => c.kind === 'quickPick' && /Abandon/.test(c.text));
    const choices = ((asked?.items ?? []) as vscode.QuickPickItem[]).map((i) => i.label);
    assert.match(choices[0] ?? '', /Cancel/, 'Cancel comes first: Enter does not abandon');
    assert.match(((asked?.items ?? []) as vscode.QuickPickItem[])[1]?.detail ?? '', /gets its partial work/, 'it says what the parent receives');
    child = services.store.get(child.id)!;
    assert.equal(child.status, 'abandoned');
    parent = await waitForStatus(services, parent.id, 'completed');
    assert.match(parent.result?.summary ?? '', /abandon/i, 'the demo parent saw the subtask was abandoned');
  });

  it('no command reattaches an abandoned subtask', async () => {
    await vscode.commands.executeCommand('baton.resumeTask', child.id);
    await vscode.commands.executeCommand('baton.continueTask', child.id);
    await vscode.commands.executeCommand('baton.abandonSubtask', child.id);
    assert.equal(services.store.get(child.id)?.status, 'abandoned');
    const said = prompts.shown('info').map((c) => c.text);
    assert.equal(said.length, 3, `each command said why not: ${JSON.stringify(said)}`);
    assert.ok(said.every((text) => /abandoned/.test(text)), JSON.stringify(said));
  });

  it('Delete Task (confirmed) removes the task and its subtask from the store', async () => {
    prompts.quickPick((items) => items.find((i) => /Delete/.test(i.label)), /Delete/);
    await vscode.commands.executeCommand('baton.deleteTask', parent.id);
    assert.equal(services.store.get(parent.id), undefined);
    assert.equal(services.store.get(child.id), undefined);
  });

  it('Delete Task does nothing when the confirmation is cancelled', async () => {
    const keep = services.store.list().find((t) => t.parentId === null);
    assert.ok(keep, 'an earlier test left a task');
    prompts.quickPick((items) => items[0], /Delete/);
    await vscode.commands.executeCommand('baton.deleteTask', keep.id);
    assert.ok(services.store.get(keep.id), 'still there');
  });
});
