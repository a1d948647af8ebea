import assert from 'node:assert/strict';
import { titleFromGoal } from '../../../src/host/tasks/titleFromGoal';

describe('titleFromGoal (createTask)', () => {
  it('keeps a short goal as it is', () => {
    assert.equal(titleFromGoal('Fix the flaky login test'), 'Fix the flaky login test');
  });

  it('uses the first line and collapses whitespace', () => {
    assert.equal(titleFromGoal('  Refactor   the store\n\nDetails follow here'), 'Refactor the store');
  });

  it('cuts a long line at a word and marks the cut', () => {
    const title = titleFromGoal(
      'Rewrite the orchestrator so that children report back to their parents after every reload',
    );
    assert.ok(title.length <= 60, title);
    assert.ok(title.endsWith('…'));
    assert.equal(title, 'Rewrite the orchestrator so that children report back to…');
  });

  it('cuts a long unbroken word hard', () => {
    const title = titleFromGoal('x'.repeat(100));
    assert.equal(title, `${'x'.repeat(59)}…`);
  });

  it('never returns an empty title', () => {
    assert.equal(titleFromGoal('   '), 'Untitled task');
  });
});
