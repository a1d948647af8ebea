import assert from 'node:assert/strict';
import { deletedOutcome, outcomeOf, partialWorkOf } from '../../../src/api/outcome';
import { confirmationMarkdown, outcomeText, runsOnLabel, startedText, statusText } from '../../../src/host/lm/toolText';
import { buildScenario, lookupIn, mustGet } from '../host/scenario';

const tasks = buildScenario();
const outcome = (id: string) => outcomeOf(mustGet(tasks, id), [{ type: 'assistant', taskId: id, at: 1, text: 'I looked at src/a.ts and began.' }]);
const status = (id: string, running = false) => statusText(mustGet(tasks, id), running, partialWorkOf(mustGet(tasks, id), []), lookupIn(tasks));

describe('language model tools: what they tell the calling model', () => {
  it('a completed task: its result, plainly', () => {
    const text = outcomeText(outcome('completed'));
    assert.match(text, /^Baton task "Completed root" \(task id completed\) completed\.\n\nResult:\nAll done\.$/);
  });

  it('a failed task: the error, that it is resumable and by which id, and its partial work', () => {
    const text = outcomeText(outcome('failed'));
    assert.match(text, /^Baton task "Failed root" \(task id failed\) failed: The endpoint refused the request\.\n/);
    assert.match(text, /can be resumed: .*"Baton: Resume Task" \(task id failed\)/);
    assert.match(text, /Its latest output:\nI looked at src\/a\.ts and began\./);
  });

  it('an interrupted task: who stopped it; the caller’s own cancellation is said as such', () => {
    assert.match(outcomeText(outcome('interrupted')), /was stopped by the user, before it finished\.\nThe task keeps its partial work and can be resumed/);
    assert.match(outcomeText(outcome('interrupted'), true), /was stopped because this tool call was cancelled, before it finished/);
  });

  it('a task out of budget: which budget, and Continue; its last checkpoint', () => {
    const text = outcomeText(outcome('c-budget'));
    assert.match(text, /paused before it finished: it used up its model turn budget\.\nThe user can give it a new budget with "Baton: Continue Task…" \(task id c-budget\)/);
    assert.match(text, /Last checkpoint: Half done/);
  });

  it('a task stopped while it waited for a subtask; a deleted one', () => {
    const waiting = outcomeOf(mustGet(tasks, 'p-running'), []);
    assert.match(outcomeText(waiting, true), /was stopped because this tool call was cancelled while it waited for its subtask \(task id c-running\)/);
    assert.match(outcomeText(deletedOutcome('gone', 'Gone')), /^Baton task "Gone" \(task id gone\) was deleted by the user; it left no result\.$/);
  });

  it('baton_task_status: running, asking the user, waiting for a named subtask, completed', () => {
    assert.match(status('running', true), /^Baton task "Running root" \(task id running\) is running\.\nGoal: Goal: Running root/);
    assert.match(status('running', false), /is active \(starting, or running in another VS Code window\)/);
    assert.match(status('asking'), /is waiting for the user's answer in Baton's panel\. Its question: Which branch should I use\?/);
    assert.match(status('p-interrupted'), /is waiting for its subtask "Interrupted child" \(task id c-interrupted, interrupted\)\./);
    assert.match(status('completed'), /completed\.\n\nResult:\nAll done\.\n\nUsage so far: 0 model turns, 0 tokens\.$/);
    assert.match(status('interrupted'), /was stopped by the user, before it finished\.\nIt can be resumed/);
  });

  it('names what a task runs on, and how to check a started one', () => {
    assert.equal(runsOnLabel({ provider: 'demo', model: 'x' }), 'Demo model (scripted)');
    assert.equal(runsOnLabel({ provider: 'vscode-lm', model: 'gpt-4o' }), 'the VS Code language model gpt-4o');
    assert.equal(runsOnLabel({ provider: 'anthropic', model: 'claude' }, 'opencode'), 'the external agent "opencode"');
    assert.match(startedText('t1', 'Title', 'Demo model (scripted)'), /Started Baton task "Title" \(task id t1\) on Demo model \(scripted\)\.[^]*Call baton_task_status with taskId "t1"/);
  });

  it('the confirmation shows the goal as text (no markup of the model’s), what it runs on, and what the caller gets', () => {
    const md = confirmationMarkdown({ goal: 'Fix [this](http://evil.example) *now*', context: 'abc', runsOn: 'Demo model (scripted)', mode: 'wait' });
    assert.equal(
      md,
      '**Goal:** Fix \\[this\\]\\(http://evil\\.example\\) \\*now\\*\n\n**Context:** 3 characters from the conversation\n\n**Runs on:** Demo model \\(scripted\\)\n\nBaton runs a task in its own panel and returns its result. Cancelling stops the task; it stays resumable.',
    );
    assert.match(confirmationMarkdown({ goal: 'g', runsOn: 'x', mode: 'start' }), /returns its id at once\.$/);
  });
});
