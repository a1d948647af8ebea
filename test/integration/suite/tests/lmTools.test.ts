/**
 * Baton's language model tools through `vscode.lm` in the real VS Code, as Copilot agent mode
 * calls them (code-server has the API but no models, which these tools do not need):
 * registered under the contributed names; baton_delegate `start` returns the task id at once
 * and opens the task's panel beside the active editor, which keeps the focus; `wait` returns
 * the result; cancelling the call is Baton's Stop and the task stays resumable; baton_task_status
 * reports a task by id. Tasks run on the scripted model server.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { baton, nextEvent, setSetting, waitForStatus, workspaceDir } from '../harness';
import { finish, slowWords, useScriptedModel, type ScriptedModel } from '../scriptedModel';

const PANEL_VIEW_TYPE = 'baton.task';

function resultText(result: vscode.LanguageModelToolResult): string {
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

function taskIdIn(text: string): string {
  const id = /\(task id ([^)\s,]+)\)/.exec(text)?.[1];
  assert.ok(id, `no task id in: ${text}`);
  return id;
}

/** Outside a chat request there is no invocation token: what another extension would pass. */
function invoke(name: string, input: object, token?: vscode.CancellationToken): Thenable<vscode.LanguageModelToolResult> {
  return vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, token);
}

/** Resolves with the task panel tab titled `title`, once VS Code shows it. */
function panelTab(title: string, timeoutMs = 30_000): Promise<vscode.Tab> {
  const find = () =>
    vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(PANEL_VIEW_TYPE) && t.label === title);
  const now = find();
  if (now) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
      const tab = find();
      if (!tab) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(tab);
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no task panel "${title}" after ${timeoutMs / 1000}s; tabs: ${JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label))}`));
    }, timeoutMs);
  });
}

describe('language model tools (vscode.lm.invokeTool)', () => {
  let services: Awaited<ReturnType<typeof baton>>;
  let model: ScriptedModel;

  const taskGoal = (id: string) => services.store.get(id)?.goal ?? '';

  before(async () => {
    services = await baton();
    model = await useScriptedModel();
    // Invoked outside a chat, VS Code would ask in a modal dialog nobody here can answer.
    await setSetting('autoApprove.delegation', true);
  });
  after(async () => {
    await setSetting('autoApprove.delegation', undefined);
    await model.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('registers baton_delegate and baton_task_status with their input schemas', () => {
    const tools = new Map(vscode.lm.tools.map((t) => [t.name, t]));
    const delegate = tools.get('baton_delegate');
    assert.ok(delegate, `registered tools: ${[...tools.keys()].join(', ')}`);
    assert.deepEqual((delegate.inputSchema as { required?: string[] }).required, ['goal']);
    assert.ok(tools.get('baton_task_status'));
  });

  it('start: returns the task id at once; the panel opens beside the active editor, which keeps the focus', async () => {
    model.script({ 'LM-START': () => finish('the long job is done', 'Working on it. ') });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const readme = await vscode.window.showTextDocument(vscode.Uri.file(path.join(workspaceDir(), 'README.md')), { viewColumn: vscode.ViewColumn.One });
    const text = resultText(await invoke('baton_delegate', { goal: 'LM-START: a long job', mode: 'start' }));
    const id = taskIdIn(text);
    assert.match(text, /^Started Baton task "LM-START: a long job" \(task id [^)]+\) on openai-compatible \/ scripted\./);
    assert.match(text, new RegExp(`Call baton_task_status with taskId "${id}"`));
    const task = services.store.get(id);
    assert.ok(task && task.parentId === null, 'a root task in the store');
    const tab = await panelTab(task.title);
    assert.notEqual(tab.group.viewColumn, vscode.ViewColumn.One, 'the panel opened beside');
    assert.equal(vscode.window.tabGroups.activeTabGroup.viewColumn, vscode.ViewColumn.One, 'the caller’s editor group keeps the focus');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), readme.document.uri.toString());
    // The task runs on with nobody waiting for it.
    await waitForStatus(services, id, 'completed');
  });

  it('wait: returns the task’s result', async () => {
    model.script({ 'LM-WAIT': () => finish('The answer is 42.', 'Working it out. ') });
    const text = resultText(await invoke('baton_delegate', { goal: 'LM-WAIT: what is the answer?', context: 'Think of Douglas Adams.' }));
    assert.match(text, /^Baton task "LM-WAIT: what is the answer\?" \(task id [^)]+\) completed\.\n\nResult:\nThe answer is 42\.$/);
    const task = services.store.get(taskIdIn(text));
    assert.equal(task?.status, 'completed');
    assert.match(task?.goal ?? '', /Context from the caller:\nThink of Douglas Adams\.$/);
  });

  it('wait, and the user stops the task in Baton: the result says so plainly, with the id to resume it by', async () => {
    model.script({ 'LM-STOPPED': () => slowWords(300, 15) });
    const streaming = nextEvent(services, (e) => e.type === 'text' && e.delta === 'word3 ' && taskGoal(e.taskId).startsWith('LM-STOPPED'), 'the task to stream');
    const call = invoke('baton_delegate', { goal: 'LM-STOPPED: a job the user stops', mode: 'wait' });
    const { taskId } = await streaming;
    await vscode.commands.executeCommand('baton.stopTask', taskId);
    const text = resultText(await call);
    assert.equal(taskIdIn(text), taskId);
    assert.match(text, /was stopped by the user, before it finished\.\nThe task keeps its partial work and can be resumed: .*"Baton: Resume Task" \(task id /);
    assert.match(text, /Its latest output:\nword0 word1 word2 word3\b/);
  });

  it('cancelling the call is Baton’s Stop: the task is interrupted and resumable; baton_task_status reports it; Resume completes it', async () => {
    model.script({ 'LM-CANCEL': (turn) => (turn === 0 ? slowWords(300, 15) : finish('done after resume')) });
    const cts = new vscode.CancellationTokenSource();
    const streaming = nextEvent(services, (e) => e.type === 'text' && e.delta === 'word3 ' && taskGoal(e.taskId).startsWith('LM-CANCEL'), 'the task to stream');
    const call = invoke('baton_delegate', { goal: 'LM-CANCEL: a job the caller gives up on', mode: 'wait' }, cts.token);
    const { taskId } = await streaming;
    cts.cancel();
    // VS Code ends a cancelled call for its caller at once; the tool's own token stops the task.
    await assert.rejects(Promise.resolve(call), /Canceled/);
    const task = await waitForStatus(services, taskId, 'interrupted');
    assert.equal(task.interruptReason, 'user_stop');

    const status = resultText(await invoke('baton_task_status', { taskId }));
    assert.match(status, new RegExp(`^Baton task "LM-CANCEL: a job the caller gives up on" \\(task id ${taskId}\\) was stopped by the user, before it finished\\.\\nIt can be resumed`));
    assert.match(status, /Its latest output:\nword0 word1 word2 word3\b/);
    await vscode.commands.executeCommand('baton.resumeTask', taskId);
    await waitForStatus(services, taskId, 'completed');
    assert.match(resultText(await invoke('baton_task_status', { taskId })), /completed\.\n\nResult:\ndone after resume/);
  });

  it('baton_task_status of an unknown id fails with a clear message', async () => {
    await assert.rejects(Promise.resolve(invoke('baton_task_status', { taskId: 'no-such-task' })), /no task with the id "no-such-task"/);
  });
});
