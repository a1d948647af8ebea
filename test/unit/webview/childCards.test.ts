/** Which children a parent's panel shows side by side, and the end of their output (webview-ui/src/panel/childCards.ts). */
import assert from 'node:assert/strict';
import { lastLines, openChildren, TAIL_LINES } from '../../../webview-ui/src/panel/childCards';
import { makeTask } from './makeTask';

const child = (id: string, overrides = {}) => makeTask({ id, title: `Child ${id}`, parentId: 'p', rootId: 'p', ...overrides });

describe('the open children of a parent', () => {
  it('shows the awaited children in the order it awaits them, then background children that still owe it an outcome', () => {
    const parent = makeTask({
      id: 'p',
      status: 'delegated',
      childIds: ['done', 'bg', 'a2', 'a1', 'gone'],
      awaitingChildId: 'a1',
      pendingToolCallId: 'call',
      awaiting: [
        { childId: 'a1', toolCallId: 'call', until: null, wakeOn: [] },
        { childId: 'a2', toolCallId: 'call', until: null, wakeOn: [] },
      ],
    });
    const tasks = {
      p: parent,
      a1: child('a1', { reportTo: { toolCallId: 'call' } }),
      a2: child('a2', { status: 'interrupted', reportTo: { toolCallId: 'call' } }),
      bg: child('bg', { status: 'failed', reportTo: { toolCallId: 'bg-call' } }),
      done: child('done', { status: 'completed' }),
    };
    const cards = openChildren(parent, { tasks, ui: {}, live: {}, tails: { a1: 'one\ntwo\n' } });
    assert.deepEqual(
      cards.map((c) => [c.id, c.awaited]),
      [['a1', true], ['a2', true], ['bg', false]],
      'a child whose outcome the parent has is shown in its delegation card, not here; a deleted one nowhere',
    );
    assert.equal(cards[0]!.tail, 'one\ntwo');
  });

  it('shows an awaited child whose record has not arrived, so the wait is never invisible', () => {
    const parent = makeTask({ id: 'p', status: 'delegated', childIds: ['x'], awaitingChildId: 'x', pendingToolCallId: 'c', awaiting: [{ childId: 'x', toolCallId: 'c', until: null, wakeOn: [] }] });
    const [card] = openChildren(parent, { tasks: { p: parent }, ui: {}, live: {}, tails: {} });
    assert.equal(card?.id, 'x');
    assert.equal(card?.task, undefined);
  });

  it('shows only the last lines of a child’s output', () => {
    const text = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + '\n\n';
    assert.equal(lastLines(text, TAIL_LINES), 'line 14\nline 15\nline 16\nline 17\nline 18\nline 19');
    assert.equal(lastLines('', TAIL_LINES), '');
  });
});
