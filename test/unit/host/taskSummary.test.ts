import assert from 'node:assert/strict';
import { statusBarContent, summarizeTasks } from '../../../src/host/statusBar/taskSummary';
import { buildScenario, LEASE_TTL_MS, NOW } from './scenario';

const tasks = Object.values(buildScenario());

describe('status bar summary', () => {
  it('counts tasks running now (live lease, not asking) and interrupted ones', () => {
    const summary = summarizeTasks(tasks, NOW, LEASE_TTL_MS);
    assert.deepEqual(summary.running.map((t) => t.id), ['p-abandoned', 'c-running', 'running']);
    assert.deepEqual(summary.interrupted.map((t) => t.id), ['chain-bottom', 'c-interrupted', 'interrupted']);
  });

  it('does not count a task whose lease went stale as running', () => {
    const summary = summarizeTasks(tasks, NOW + LEASE_TTL_MS + 1, LEASE_TTL_MS);
    assert.equal(summary.running.length, 0);
  });

  it('shows both counts with codicons, and words for screen readers', () => {
    const content = statusBarContent(summarizeTasks(tasks, NOW, LEASE_TTL_MS));
    assert.equal(content?.text, '$(sync~spin) 3 running · $(debug-pause) 3 interrupted');
    assert.equal(content?.ariaLabel, 'Baton: 3 tasks running, 3 interrupted');
    assert.match(content?.tooltip ?? '', /Running:\n {2}• Parent of abandoned\n/);
    assert.match(content?.tooltip ?? '', /Interrupted, waiting to be resumed:\n {2}• Chain bottom\n/);
  });

  it('shows only the count that is not zero', () => {
    const interruptedOnly = statusBarContent(summarizeTasks(tasks, NOW + LEASE_TTL_MS + 1, LEASE_TTL_MS));
    assert.equal(interruptedOnly?.text, '$(debug-pause) 3 interrupted');
    const one = statusBarContent({ running: tasks.filter((t) => t.id === 'running'), interrupted: [] });
    assert.equal(one?.text, '$(sync~spin) 1 running');
    assert.equal(one?.ariaLabel, 'Baton: 1 task running');
  });

  it('is hidden when nothing runs and nothing is interrupted', () => {
    assert.equal(statusBarContent({ running: [], interrupted: [] }), undefined);
    assert.equal(statusBarContent(summarizeTasks([], NOW, LEASE_TTL_MS)), undefined);
  });

  it('lists at most five titles per group in the tooltip', () => {
    const many = Array.from({ length: 8 }, () => tasks.find((t) => t.id === 'interrupted')!);
    const content = statusBarContent({ running: [], interrupted: many });
    assert.equal(content?.tooltip.match(/• Interrupted root/g)?.length, 5);
    assert.match(content?.tooltip ?? '', /• and 3 more/);
  });
});
