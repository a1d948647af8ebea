/**
 * Last of the main phase: leaves state behind for the after-reload phase (index.ts reloads the
 * window once this phase passes): the completed tasks of the earlier tests, an API key, and a
 * task whose subtask is still running, blocked on an approval question nobody answers.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ApprovalView } from '../../../../src/shared/protocol';
import { baton, Prompts, screenshot, setSetting, taskByGoal, waitForTask, workspaceDir, writeReloadExpectations, type ReloadExpectations } from '../harness';

export const RELOAD_GOAL = 'Integration: a task whose subtask is running when the window reloads';

describe('before the window reloads', () => {
  let prompts: Prompts;

  afterEach(() => prompts.restore());

  it('leaves a subtask running (waiting for write approval) and records what the next window must find', async () => {
    const services = await baton();
    prompts = new Prompts();
    await setSetting('maxTurns', undefined);
    // No auto-approval: the subtask asks before writing, and waits for an answer.
    await setSetting('autoApprove.writes', false);
    // The subtask writes hello-baton.md; unchanged content needs no approval, so start without it.
    fs.rmSync(path.join(workspaceDir(), 'hello-baton.md'), { force: true });
    prompts.input(RELOAD_GOAL, /New Task/);
    await vscode.commands.executeCommand('baton.newTask');
    const parent = taskByGoal(services, RELOAD_GOAL);
    // With no panel of the subtask open, the question comes as a notification.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const delegated = await waitForTask(services, parent.id, (t) => t.status === 'delegated' && t.awaitingChildId !== null, 'the task to delegate');
    const childId = delegated.awaitingChildId!;
    // No panel of its tree is in view: besides the (sticky) notification, the question is open in Baton's approvals.
    const asked = await new Promise<ApprovalView>((resolve) => {
      const find = () => services.approvals?.all().find((a) => a.taskId === childId && a.kind === 'write');
      const now = find();
      if (now) return resolve(now);
      const sub = services.approvals!.onDidChange(() => {
        const found = find();
        if (!found) return;
        sub.dispose();
        resolve(found);
      });
    });
    assert.match(asked.path ?? '', /hello-baton\.md/);
    assert.deepEqual(services.ui?.get(childId)?.attention, { kind: 'approval', taskId: childId, title: services.store.get(childId)!.title, count: 1 });
    assert.equal(services.ui?.get(parent.id)?.attention?.taskId, childId, 'its parent shows that a subtask needs the user');
    const child = services.store.get(childId)!;
    assert.equal(child.status, 'active', 'the subtask is running (waiting for the answer)');
    assert.equal(services.orchestrator.isRunning(childId), true);

    const apiKey: ReloadExpectations['apiKey'] = { binding: { provider: 'openai-compatible', origin: 'https://openrouter.ai' }, value: `sk-reload-${Date.now()}` };
    await services.keys.set(apiKey.binding, apiKey.value);

    const tasks: ReloadExpectations['tasks'] = [];
    for (const t of services.store.list()) {
      if (t.id === parent.id || t.id === childId) continue;
      assert.ok(!['active', 'delegated'].includes(t.status), `an earlier test left ${t.id} ${t.status}`);
      tasks.push({ id: t.id, status: t.status, title: t.title, result: t.result?.summary ?? null, transcriptLength: (await services.orchestrator.readTranscript(t.id)).length });
    }
    assert.ok(tasks.some((t) => t.status === 'completed'), 'completed tasks to read back');
    writeReloadExpectations({
      writtenAt: new Date().toISOString(),
      ownerId: services.orchestrator.ownerId,
      tasks,
      running: { parentId: parent.id, childId },
      apiKey,
    });
    await screenshot('before-reload');
  });
});
