/** How a child's outcome reads in its parent's delegation card (webview-ui/src/panel/childOutcome.ts). */
import assert from 'node:assert/strict';
import { ChildResultMessage } from '../../../src/shared/task';
import { latestOutcome, outcomeView } from '../../../webview-ui/src/panel/childOutcome';
import { makeTask } from './makeTask';

function outcome(childId: string, overrides: Partial<Omit<ChildResultMessage, 'result'>> & { result?: { summary: string } } = {}): ChildResultMessage {
  return ChildResultMessage.parse({
    kind: 'child_result',
    id: `r-${childId}-${overrides.assignment ?? 1}`,
    toolCallId: 'call',
    childId,
    childTitle: `Child ${childId}`,
    outcome: 'completed',
    result: { summary: 'Wrote notes.md' },
    usage: { inputTokens: 1200, outputTokens: 340, turns: 2, runtimeMs: 42_000, costUsd: 0.0123 },
    durationMs: 42_000,
    at: 5,
    ...overrides,
  });
}

describe('a child’s outcome in its parent’s card', () => {
  it('reads a completion with its summary, usage, cost and duration', () => {
    const view = outcomeView(outcome('a'));
    assert.equal(view.label, 'Completed');
    assert.equal(view.tone, 'success');
    assert.equal(view.summary, 'Wrote notes.md');
    assert.equal(view.usage, '1.2k tokens in, 340 out · $0.01 · 42s');
    assert.equal(view.failure, undefined);
  });

  it('reads a failure with the error that survived the retries', () => {
    const view = outcomeView(outcome('b', { outcome: 'failed', failure: { message: '529 Overloaded after 6 attempts' }, result: { summary: '' } }));
    assert.equal(view.label, 'Failed');
    assert.equal(view.tone, 'error');
    assert.equal(view.failure, '529 Overloaded after 6 attempts');
  });

  it('names every outcome a parent can receive', () => {
    const labels = (['completed', 'failed', 'abandoned', 'deleted', 'stopped', 'lost'] as const).map((o) => outcomeView(outcome('c', { outcome: o })).label);
    assert.deepEqual(labels, ['Completed', 'Failed', 'Abandoned; partial work handed back', 'Deleted', 'Stopped by its parent', 'Lost']);
  });

  it('takes each child’s own outcome from the parent’s inbox, the latest assignment’s', () => {
    const parent = makeTask({ id: 'p', inbox: [outcome('a'), outcome('b', { outcome: 'failed' }), outcome('a', { assignment: 2, outcome: 'stopped' })] });
    assert.equal(latestOutcome(parent, 'a')?.outcome, 'stopped');
    assert.equal(latestOutcome(parent, 'b')?.outcome, 'failed');
    assert.equal(latestOutcome(parent, 'z'), undefined);
  });
});
