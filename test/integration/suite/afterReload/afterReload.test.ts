/**
 * After "Developer: Reload Window" (index.ts): a new extension host, the same global storage.
 * What the window before wrote is read back; the subtask that was running is interrupted
 * (editor closed), its parent still waits for it, and Resume lets it finish and report back.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { baton, describeTask, expectWebview, probeAvailable, readReloadExpectations, screenshot, setSetting, waitForStatus, waitForTask, workspaceDir, type ReloadExpectations } from '../harness';

describe('after the window reloaded', () => {
  let expected: ReloadExpectations;
  let services: Awaited<ReturnType<typeof baton>>;

  before(async () => {
    const read = readReloadExpectations();
    assert.ok(read, 'the main phase left its hand-over file');
    expected = read;
    services = await baton();
  });

  it('Baton activated again, in a new extension host', () => {
    assert.notEqual(services.orchestrator.ownerId, expected.ownerId, 'a new window has a new lease owner id');
  });

  it('reads back the tasks written before the reload, with their results and transcripts', async () => {
    for (const t of expected.tasks) {
      const now = services.store.get(t.id);
      assert.ok(now, `task ${t.id} "${t.title}" is back`);
      assert.equal(now.status, t.status, `${t.title}: status`);
      assert.equal(now.title, t.title);
      assert.equal(now.result?.summary ?? null, t.result, `${t.title}: result`);
      assert.equal((await services.orchestrator.readTranscript(t.id)).length, t.transcriptLength, `${t.title}: transcript entries`);
    }
  });

  it('the subtask that was running is interrupted (editor closed); its parent still waits for it', async () => {
    const { parentId, childId } = expected.running;
    const child = await waitForTask(services, childId, (t) => t.status !== 'active', 'the subtask to be interrupted', 45_000);
    assert.equal(child.status, 'interrupted', describeTask(child));
    assert.equal(child.interruptReason, 'editor_closed', describeTask(child));
    const parent = services.store.get(parentId);
    assert.equal(parent?.status, 'delegated', describeTask(parent));
    assert.equal(parent?.awaitingChildId, childId);
  });

  it('the API key stored before the reload is still in SecretStorage', async () => {
    assert.equal(await services.keys.get(expected.apiKey.binding), expected.apiKey.value);
    await services.keys.clear(expected.apiKey.binding);
  });

  it('the sidebar shows the tasks again', async function () {
    await vscode.commands.executeCommand('baton.showTasks');
    if (!probeAvailable()) this.skip();
    const parent = services.store.get(expected.running.parentId);
    assert.ok(parent);
    await expectWebview('sidebar', parent.title);
    await screenshot('after-reload-sidebar');
  });

  it('Resume: the subtask completes and reports back; its parent completes', async () => {
    await setSetting('autoApprove.writes', true);
    await vscode.commands.executeCommand('baton.resumeTask', expected.running.childId);
    await waitForStatus(services, expected.running.childId, 'completed');
    const parent = await waitForStatus(services, expected.running.parentId, 'completed');
    assert.ok(parent.result?.summary);
  });

  it('the resumed subtask really wrote hello-baton.md (its cut-off write was retried)', () => {
    const child = services.store.get(expected.running.childId);
    assert.ok(child?.result?.filesWritten.includes('hello-baton.md'), `written files: ${child?.result?.filesWritten.join(', ')}`);
    assert.ok(fs.existsSync(path.join(workspaceDir(), 'hello-baton.md')));
  });
});
