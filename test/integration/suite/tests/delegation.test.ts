/**
 * A real Demo-model task inside VS Code, driven through Baton's commands: its turn budget comes
 * from `baton.maxTurns`, it delegates a subtask that streams, the subtask runs out of budget and
 * is continued with a new one (Continue Task…), writes a file through the editor and reports
 * back exactly once; a subtask delegated by hand (Delegate Subtask…) reports back too, and the
 * parent completes. Every step waits on store changes or agent events, never on a clock.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TaskRecord } from '../../../../src/shared/task';
import { baton, filesUnder, nextEvent, Prompts, setSetting, taskByGoal, waitForStatus, waitForTask, workspaceDir } from '../harness';

const GOAL = 'Integration: write a note about delegation (budget from settings)';
const MANUAL_GOAL = 'Integration: a subtask delegated by hand';
const DEMO_FILE = 'hello-baton.md';

describe('a Demo-model task that delegates, on a turn budget from the settings', () => {
  let services: Awaited<ReturnType<typeof baton>>;
  let prompts: Prompts;
  let parent: TaskRecord;
  let child: TaskRecord;
  let delegateCallId: string;

  before(async () => {
    services = await baton();
    fs.rmSync(path.join(workspaceDir(), DEMO_FILE), { force: true });
    await setSetting('autoApprove.writes', true);
  });
  beforeEach(() => {
    prompts = new Prompts();
  });
  afterEach(function () {
    prompts.restore();
    if (this.currentTest?.state === 'passed') prompts.assertClean();
  });
  after(async () => {
    await setSetting('maxTurns', undefined);
  });

  it('New Task starts a task on the Demo model with baton.maxTurns as its budget', async () => {
    await setSetting('maxTurns', 1);
    prompts.input(GOAL, /New Task/, (o) => assert.match(o.prompt ?? '', /Demo model \(scripted\)/, 'the prompt names the model from baton.provider'));
    await vscode.commands.executeCommand('baton.newTask');
    parent = taskByGoal(services, GOAL);
    assert.equal(parent.parentId, null);
    assert.equal(parent.budget.maxTurns, 1, 'the budget comes from baton.maxTurns');
    assert.equal(parent.modelRoute?.provider, 'demo');
    assert.equal(parent.workspace, vscode.workspace.workspaceFolders?.[0]?.uri.toString());
  });

  it('delegates a subtask whose output streams', async () => {
    const firstText = nextEvent(services, (e) => e.type === 'text' && e.taskId !== parent.id, 'streamed text from the subtask');
    parent = await waitForTask(services, parent.id, (t) => t.status === 'delegated' && t.awaitingChildId !== null, 'the task to delegate');
    child = services.store.get(parent.awaitingChildId!)!;
    delegateCallId = parent.pendingToolCallId!;
    assert.ok(delegateCallId, 'the parent awaits the result of a tool call');
    assert.equal(child.parentId, parent.id);
    assert.deepEqual(parent.childIds, [child.id]);
    assert.equal(child.budget.maxTurns, 1, 'a subtask inherits its parent budget');
    const event = await firstText;
    assert.equal(event.taskId, child.id);
  });

  it('the subtask pauses with a checkpoint when its turn budget runs out; the parent keeps waiting', async () => {
    child = await waitForStatus(services, child.id, 'needs_continuation');
    // Its runner winds down (transcript flush) after the commit; Continue before it has exited
    // is lost (orchestrator race, reported): act once it has, as a person would.
    await services.orchestrator.settled(child.id);
    assert.equal(child.budgetReason, 'turns');
    assert.ok(child.lastCheckpoint, 'a checkpoint was written');
    parent = services.store.get(parent.id)!;
    assert.equal(parent.status, 'delegated');
    assert.equal(parent.awaitingChildId, child.id);
  });

  it('Continue Task… gives the subtask a new budget, prefilled from the settings; it completes and writes the file', async () => {
    prompts.input('5', /Continue/, (o) => assert.equal(o.value, '1', 'prefilled from baton.maxTurns'));
    await vscode.commands.executeCommand('baton.continueTask', child.id);
    assert.equal(services.store.get(child.id)?.budget.maxTurns, 5);
    child = await waitForStatus(services, child.id, 'completed');
    assert.ok(child.result, 'the subtask has a result');
    const file = path.join(workspaceDir(), DEMO_FILE);
    assert.ok(fs.existsSync(file), `${DEMO_FILE} was written into the workspace`);
    assert.match(fs.readFileSync(file, 'utf8'), /^# Hello from Baton/);
  });

  it('the parent receives the result exactly once and carries on (here: out of its one turn)', async () => {
    parent = await waitForTask(services, parent.id, (t) => t.status !== 'delegated' && t.status !== 'active', 'the parent to take the result');
    assert.equal(parent.status, 'needs_continuation');
    assert.equal(parent.awaitingChildId, null);
    const transcript = await services.orchestrator.readTranscript(parent.id);
    const results = transcript.filter((e) => e.type === 'tool_result' && e.toolCallId === delegateCallId);
    assert.equal(results.length, 1, 'one tool result for the delegation');
  });

  it('Delegate Subtask… hands the paused parent a new subtask; it reports back and the parent completes', async () => {
    prompts
      .input(MANUAL_GOAL, /Delegate Subtask/)
      .input('', /context/)
      .quickPick((items) => {
        // Who does it: Baton's own subagent first, then the external agents of baton.agents (the presets here).
        assert.deepEqual(
          items.map((i) => i.label),
          ['$(hubot) Baton subagent', '$(terminal) OpenCode', '$(terminal) Claude Agent', '$(terminal) Codex', '$(terminal) Gemini CLI'],
        );
        return items[0];
      }, /Who does the subtask/);
    // Its budget is the parent's (one turn): it pauses once more; continue it.
    prompts.input('5', /Continue/);
    await vscode.commands.executeCommand('baton.delegateSubtask', parent.id);
    const manual = taskByGoal(services, MANUAL_GOAL);
    assert.equal(manual.parentId, parent.id);
    assert.equal(services.store.get(parent.id)?.awaitingChildId, manual.id);
    await waitForStatus(services, manual.id, 'needs_continuation');
    await services.orchestrator.settled(manual.id);
    await vscode.commands.executeCommand('baton.continueTask', manual.id);
    await waitForStatus(services, manual.id, 'completed');
    parent = await waitForStatus(services, parent.id, 'completed');
    assert.ok(parent.result?.summary, 'the parent completed with a result');
    const transcript = await services.orchestrator.readTranscript(parent.id);
    assert.equal(transcript.filter((e) => e.type === 'user' && e.text.includes('delegated by hand')).length, 1, 'the hand-delegated report arrived once');
  });

  it('everything lives in the store on disk, under VS Code global storage', async function () {
    const userData = process.env.BATON_IT_USER_DATA;
    if (!userData) this.skip();
    const dir = path.join(userData, 'User', 'globalStorage', 'baton-dev.baton', 'store');
    const contents = filesUnder(dir)
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    for (const id of [parent.id, child.id]) assert.ok(contents.includes(id), `task ${id} is in ${dir}`);
  });
});
