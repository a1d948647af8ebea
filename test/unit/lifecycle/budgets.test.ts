/**
 * Issue 8, item 16: a runtime budget above 2^31−1 ms ended the task at once, because timers
 * clamp such a delay to 1 ms. Budgets are validated in the schema and the protocol, clamped
 * wherever the lifecycle sets one, and the turn's deadline timer is clamped too.
 */
import assert from 'node:assert/strict';
import { streamTurn } from '../../../src/core/agent/turn';
import { DEFAULT_RETRY_POLICY } from '../../../src/core/agent/retry';
import type { ModelProvider, TurnEvent } from '../../../src/core/providers/types';
import { parseWebviewMessage } from '../../../src/shared/protocol';
import { Budget, DEFAULT_BUDGET, MAX_TIMER_MS, clampBudget } from '../../../src/shared/task';
import { Harness, result } from './harness';

const HUGE = { maxTurns: 10, maxRuntimeMs: 2 ** 31, responseTimeoutMs: 10 ** 12 };

describe('budgets a timer can hold (issue 8, item 16)', () => {
  it('the record schema refuses a runtime or response timeout longer than a timer can hold', () => {
    assert.equal(Budget.safeParse({ ...DEFAULT_BUDGET, maxRuntimeMs: MAX_TIMER_MS }).success, true);
    assert.equal(Budget.safeParse({ ...DEFAULT_BUDGET, maxRuntimeMs: MAX_TIMER_MS + 1 }).success, false);
    assert.equal(Budget.safeParse({ ...DEFAULT_BUDGET, responseTimeoutMs: MAX_TIMER_MS + 1 }).success, false);
  });

  it('the protocol drops a Continue whose budget overflows', () => {
    assert.equal(parseWebviewMessage({ type: 'command', command: 'baton.continueTask', taskId: 'a', budget: DEFAULT_BUDGET }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'command', command: 'baton.continueTask', taskId: 'a', budget: { ...DEFAULT_BUDGET, maxRuntimeMs: 2 ** 31 } }).ok, false);
  });

  it('clampBudget keeps times within a timer and everything positive', () => {
    assert.deepEqual(clampBudget(HUGE), { maxTurns: 10, maxRuntimeMs: MAX_TIMER_MS, responseTimeoutMs: MAX_TIMER_MS });
    assert.deepEqual(clampBudget({ maxTurns: 0, maxRuntimeMs: 0.5, responseTimeoutMs: -3 }), { maxTurns: 1, maxRuntimeMs: 1, responseTimeoutMs: 1 });
  });

  it('the lifecycle clamps every budget it sets: creation, delegation, Continue, continue_subtask', () => {
    const h = new Harness();
    h.apply({ type: 'createRoot', id: 'r', title: 'r', goal: 'g', budget: HUGE, ownerId: 'w1' });
    assert.equal(h.get('r').budget.maxRuntimeMs, MAX_TIMER_MS);
    h.apply({ type: 'delegate', parentId: 'r', toolCallId: 't', children: [{ childId: 'c', title: 'c', goal: 'g', budget: HUGE }] });
    assert.equal(h.get('c').budget.responseTimeoutMs, MAX_TIMER_MS);
    h.apply({ type: 'interrupt', taskId: 'c', reason: 'user_stop' });
    h.apply({ type: 'resume', taskId: 'c', budget: { ...HUGE, maxRuntimeMs: 10 ** 15 } });
    assert.equal(h.get('c').budget.maxRuntimeMs, MAX_TIMER_MS);
    h.apply({ type: 'complete', taskId: 'c', result: result('c') });
    h.apply({ type: 'continueSubtask', parentId: 'r', childId: 'c', toolCallId: 'more', messageId: 'm', text: 'more', budget: HUGE, wait: false });
    assert.equal(h.get('c').budget.maxRuntimeMs, MAX_TIMER_MS);
  });

  it('a turn with more runtime left than a timer can hold runs to its end instead of stopping at once', async () => {
    const provider: ModelProvider = {
      label: 'slow',
      async *streamTurn(): AsyncIterable<TurnEvent> {
        // Longer than the 1 ms an overflowing timer fires after.
        await new Promise((resolve) => setTimeout(resolve, 30));
        yield { type: 'text', delta: 'done' };
      },
    };
    const end = await streamTurn({
      provider,
      request: { system: '', messages: [], tools: [] },
      signal: new AbortController().signal,
      emit: () => undefined,
      retry: DEFAULT_RETRY_POLICY,
      responseTimeoutMs: 60_000,
      stallAfterMs: 60_000,
      runtimeLeftMs: 2 ** 31 + 5,
    });
    assert.equal(end.kind, 'ok');
    assert.equal(end.output.text, 'done');
  });
});
