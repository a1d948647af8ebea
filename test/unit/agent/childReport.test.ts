/** How each outcome of a child reads to its parent's model. */
import assert from 'node:assert/strict';
import { formatBatchReport, formatChildReport } from '../../../src/core/agent/childReport';
import type { ChildResultMessage } from '../../../src/shared/task';

const message = (extra: Partial<ChildResultMessage>): ChildResultMessage => ({
  kind: 'child_result',
  id: 'result-c-1',
  toolCallId: 'call-1',
  childId: 'c',
  childTitle: 'Parse the config',
  assignment: 1,
  outcome: 'completed',
  result: { summary: 'Parsed it.', filesRead: ['a.ts'], filesWritten: [], outputTail: 'tail', toolTrace: [] },
  usage: { inputTokens: 120, outputTokens: 30, turns: 2, runtimeMs: 900 },
  durationMs: 1500,
  at: 1,
  ...extra,
});

describe('formatChildReport', () => {
  it('a completed child: status, usage and summary, no advice', () => {
    const text = formatChildReport(message({}));
    assert.match(text, /^Subtask "Parse the config" completed\.\nStatus: completed · Exit reason: attempt_completion · Duration: 1\.5 s · Tokens: 120 in \/ 30 out · Turns: 2/);
    assert.match(text, /Summary:\nParsed it\./);
    assert.doesNotMatch(text, /Decide how to proceed/);
  });

  it('a failed child: the error, and that it can be retried', () => {
    const text = formatChildReport(message({ outcome: 'failed', failure: { message: 'Overloaded (529)', code: 'overloaded' } }));
    assert.match(text, /^Subtask "Parse the config" failed\./);
    assert.match(text, /Exit reason: error after retries/);
    assert.match(text, /Error: Overloaded \(529\) \(overloaded\)/);
    assert.match(text, /can be retried\. Decide how to proceed/);
  });

  it('stopped, deleted, abandoned, lost: each says what happened', () => {
    assert.match(formatChildReport(message({ outcome: 'stopped' })), /was stopped before it finished[\s\S]*Exit reason: stopped by its parent[\s\S]*can be continued/);
    assert.match(formatChildReport(message({ outcome: 'deleted' })), /was deleted by the user/);
    assert.match(formatChildReport(message({ outcome: 'abandoned' })), /was abandoned by the user/);
    assert.match(formatChildReport(message({ outcome: 'lost' })), /was lost/);
  });

  it('a follow-up assignment says which one it is', () => {
    assert.match(formatChildReport(message({ assignment: 3 })), /Assignment: 3 \(a follow-up assignment to the same subtask\)/);
    assert.doesNotMatch(formatChildReport(message({})), /Assignment:/);
  });
});

describe('formatBatchReport', () => {
  it('one entry per child in the order given, under a count of the outcomes; one child reads as before', () => {
    const text = formatBatchReport([
      message({ childId: 'a', childTitle: 'A' }),
      message({ childId: 'b', childTitle: 'B', outcome: 'failed', failure: { message: 'boom' } }),
      message({ childId: 'c', childTitle: 'C', usage: { inputTokens: 1, outputTokens: 2, turns: 1, runtimeMs: 5, costUsd: 0.0123 } }),
    ]);
    assert.match(text, /^3 subtasks reported \(2 completed, 1 failed\), in the order you listed them\.\n\n## 1 of 3\nSubtask "A" completed\./);
    assert.ok(text.indexOf('"A"') < text.indexOf('"B"') && text.indexOf('"B"') < text.indexOf('"C"'));
    assert.match(text, /Subtask id: b\nError: boom/);
    assert.match(text, /Cost: \$0\.0123/);
    assert.equal(formatBatchReport([message({})]), formatChildReport(message({})));
  });
});
