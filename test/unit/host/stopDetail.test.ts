/** What Stop says it did (src/host/commands/stopDetail.ts). */
import assert from 'node:assert/strict';
import { runningBelow, stoppedWords } from '../../../src/host/commands/stopDetail';
import { makeTask } from '../webview/makeTask';

describe('what Stop says', () => {
  const tasks = [
    makeTask({ id: 'p', title: 'Parent', status: 'delegated' }),
    makeTask({ id: 'a', parentId: 'p', rootId: 'p' }),
    makeTask({ id: 'b', parentId: 'p', rootId: 'p' }),
    makeTask({ id: 'g', parentId: 'a', rootId: 'p', depth: 2 }),
    makeTask({ id: 'other', title: 'Other' }),
  ];
  const lookup = (id: string) => tasks.find((t) => t.id === id);

  it('counts the running tasks under a parent, grandchildren too, and no others', () => {
    assert.equal(runningBelow(lookup('p')!, ['a', 'b', 'g', 'other'], lookup), 3);
    assert.equal(runningBelow(lookup('a')!, ['a', 'b', 'g'], lookup), 1);
  });

  it('says a parent’s running subtasks stopped with it, and that a subtask’s parent keeps waiting', () => {
    assert.equal(stoppedWords(lookup('p')!, 3), 'Stopped “Parent” and its 3 running subtasks.');
    assert.equal(stoppedWords(lookup('other')!, 0), 'Stopped “Other”.');
    const asking = makeTask({ id: 'q', title: 'Asking', awaitingUser: { toolCallId: 'q1', question: 'Which file?' } });
    assert.equal(stoppedWords(asking, 0), 'Stopped “Asking”: it no longer waits for your answer, and Resume sets it going again.');
    assert.equal(stoppedWords(makeTask({ id: 'a', title: 'A', parentId: 'p', rootId: 'p' }), 1), 'Stopped “A” and its running subtask; its parent keeps waiting for it.');
  });
});
