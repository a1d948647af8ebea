import './dom';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, render } from '@testing-library/react';
import type { ApprovalView } from '../../../../src/shared/protocol';
import { MessengerContext } from '../../../../webview-ui/src/messenger';
import { ApprovalCard } from '../../../../webview-ui/src/panel/ApprovalCard';
import { FakeHost } from './fakeHost';

const write: ApprovalView = { id: 'approval-1', taskId: 'c', kind: 'write', summary: 'Write notes.md', path: 'notes.md', hasDiff: true };
const command: ApprovalView = { id: 'approval-2', taskId: 'c', kind: 'command', summary: 'Run', command: 'rm -rf build\u202E\nnpm test', hasDiff: false };

function renderCard(approval: ApprovalView, askedBy?: string) {
  const host = new FakeHost();
  const view = render(
    <MessengerContext.Provider value={host}>
      <ApprovalCard approval={approval} askedBy={askedBy} />
    </MessengerContext.Provider>,
  );
  const card = view.container.querySelector('.approval-card')!;
  const click = (label: string) => fireEvent.click(card.querySelector(`[aria-label="${label}"]`)!);
  return { host, card, click };
}

describe('the approval card (with a fake host)', () => {
  afterEach(cleanup);

  it('answers with the decision clicked, for the approval shown', () => {
    const { host, click } = renderCard(write);
    click('Allow once');
    click('Allow every write for this task');
    click('Deny');
    assert.deepEqual(host.posted, [
      { type: 'approve', approvalId: 'approval-1', decision: 'allow_once' },
      { type: 'approve', approvalId: 'approval-1', decision: 'allow_task' },
      { type: 'approve', approvalId: 'approval-1', decision: 'deny' },
    ]);
  });

  it('offers the diff of a write, and asks the host to show it', () => {
    const { host, click } = renderCard(write);
    click('Show diff in the diff editor');
    assert.deepEqual(host.posted, [{ type: 'showDiff', approvalId: 'approval-1' }]);
    cleanup();
    assert.equal(renderCard(command).card.querySelector('[aria-label="Show diff in the diff editor"]'), null);
  });

  it('names the subtask that asks when shown in its parent’s panel', () => {
    const { card } = renderCard(write, 'Write the notes');
    assert.match(card.textContent ?? '', /Subtask “Write the notes” wants to write a file/);
    assert.equal(card.getAttribute('aria-label'), 'Approval needed: subtask “write the notes” wants to write a file');
  });

  it('shows all of a command, hidden characters marked and every line', () => {
    const { card } = renderCard(command);
    const text = card.querySelector('.approval-target')!.textContent ?? '';
    assert.match(text, /rm -rf build\\u202E/);
    assert.match(text, /npm test/);
    assert.ok(card.querySelector('.approval-warning'), 'a warning says something is hidden');
  });
});
