import './dom';
import assert from 'node:assert/strict';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { DEFAULT_FILTER, PROTOCOL_VERSION, type HostToWebviewMessage, type SnapshotMessage } from '../../../../src/shared/protocol';
import { DEFAULT_BUDGET } from '../../../../src/shared/task';
import { PanelApp } from '../../../../webview-ui/src/panel/PanelApp';
import { stopWords } from '../../../../webview-ui/src/panel/TranscriptRow';
import { savedTranscriptOf } from '../../../../webview-ui/src/state/savedTranscript';
import { appendEvents, emptyTranscript } from '../../../../webview-ui/src/state/transcript';
import { loadPageState } from '../../../../webview-ui/src/vscodeApi';
import { assistant, text } from '../events';
import { makeTask } from '../makeTask';
import { FakeHost, uiState } from './fakeHost';

const parent = makeTask({ id: 'p', title: 'Write the release notes', status: 'delegated', childIds: ['c'], awaitingChildId: 'c', pendingToolCallId: 'd1', awaiting: [{ childId: 'c', toolCallId: 'd1', until: null, wakeOn: [] }] });
const child = makeTask({ id: 'c', title: 'Draft notes.md', parentId: 'p', rootId: 'p', lease: { ownerId: 'w', heartbeatAt: 1 } });
const asking = { kind: 'approval' as const, taskId: 'c', title: 'Draft notes.md', count: 1 };

function snapshot(overrides: Partial<SnapshotMessage> = {}): SnapshotMessage {
  return {
    type: 'snapshot',
    protocolVersion: PROTOCOL_VERSION,
    view: 'panel',
    tasks: [parent, child],
    ui: { p: uiState(['open', 'stop', 'delete'], { attention: asking }), c: uiState(['open', 'stop', 'delete'], { running: true, attention: asking }) },
    workspace: { name: 'w', folders: [] },
    storeError: null,
    settings: { defaultBudget: DEFAULT_BUDGET },
    live: {},
    filter: DEFAULT_FILTER,
    panel: { taskId: 'p', transcript: [] },
    approvals: [{ id: 'approval-1', taskId: 'c', kind: 'write', summary: 'Write notes.md', path: 'notes.md', hasDiff: true }],
    model: 'Demo',
    focus: 'p',
    ...overrides,
  };
}

/** A page state saved before a reload, without a transcript (as an older Baton saved it). */
function savedPage() {
  return { taskId: 'p', protocolVersion: PROTOCOL_VERSION, tasks: [parent, child], ui: snapshot().ui, settings: { defaultBudget: DEFAULT_BUDGET } };
}

/** The host posts a message, as VS Code delivers it, and the page renders it (one frame). */
async function hostSays(message: HostToWebviewMessage): Promise<void> {
  await act(async () => {
    // The page's own MessageEvent (Node has one too, which the page's window would not accept).
    const PageMessageEvent = (window as unknown as { MessageEvent: typeof MessageEvent }).MessageEvent;
    window.dispatchEvent(new PageMessageEvent('message', { data: message }));
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
}

describe('a task panel (with a fake host)', () => {
  afterEach(cleanup);

  it('says ready, then shows a subtask’s approval in the parent’s panel, named, and answers it there', async () => {
    const host = new FakeHost();
    const view = render(<PanelApp messenger={host} saved={undefined} />);
    assert.deepEqual(host.posted, [{ type: 'ready' }]);
    await hostSays(snapshot());
    const text = view.container.textContent ?? '';
    assert.match(text, /Subtask needs your approval/);
    assert.match(text, /Subtask “Draft notes\.md” wants to write a file/);
    assert.ok(view.container.querySelector('[aria-label="Waiting on subtask"]'), 'the banner of the awaited subtask');
    assert.equal(view.container.querySelector('.composer'), null, 'no message box: the host allows no message');
    fireEvent.click(view.container.querySelector('.approval-card [aria-label="Allow once"]')!);
    assert.deepEqual(host.posted.at(-1), { type: 'approve', approvalId: 'approval-1', decision: 'allow_once' });
  });

  it('updates what it offers when the host says the task stands otherwise', async () => {
    const host = new FakeHost();
    const view = render(<PanelApp messenger={host} saved={undefined} />);
    await hostSays(snapshot({ approvals: [] }));
    const labels = () => [...view.container.querySelectorAll('[role="toolbar"] vscode-button')].map((b) => b.getAttribute('aria-label'));
    assert.deepEqual(labels(), ['Stop the task and its running subtasks', 'Delete the task']);
    await hostSays({ type: 'tasksChanged', changed: [], removed: [], ui: { p: uiState(['open', 'resume', 'delete']) } });
    assert.deepEqual(labels(), ['Resume the paused subtasks it waits on', 'Delete the task']);
  });

  it('shows the last content it had at once after a reload, while the transcript loads', () => {
    const host = new FakeHost();
    const view = render(<PanelApp messenger={host} saved={savedPage()} />);
    const text = view.container.textContent ?? '';
    assert.match(text, /Write the release notes/, 'the heading, before any message from the host');
    assert.match(text, /Loading the transcript/);
    assert.doesNotMatch(text, /Loading the task…/);
    assert.equal(view.container.querySelectorAll('[role="toolbar"] vscode-button').length, 0, 'no action before the host confirms what is allowed');
  });

  it('shows the end of the transcript it had at once after a reload, then the whole one from the host', async () => {
    const host = new FakeHost();
    const items = appendEvents(emptyTranscript, [text('The notes list three fixes.', 'p'), assistant('The notes list three fixes.', {}, 'p')]).items;
    const saved = { ...savedPage(), transcript: { ...savedTranscriptOf(items), earlier: true } };
    // happy-dom lays nothing out: Virtuoso is told the sizes, so it renders the rows.
    const view = render(
      <VirtuosoMockContext.Provider value={{ viewportHeight: 600, itemHeight: 30 }}>
        <PanelApp messenger={host} saved={saved} />
      </VirtuosoMockContext.Provider>,
    );
    let shown = view.container.textContent ?? '';
    assert.match(shown, /The notes list three fixes\./, 'the last answer, before any message from the host');
    assert.doesNotMatch(shown, /Loading the transcript/);
    assert.match(shown, /Earlier messages are loading…/);
    await hostSays(snapshot({ approvals: [], panel: { taskId: 'p', transcript: [text('First, the plan.', 'p'), assistant('First, the plan.', {}, 'p')] } }));
    shown = view.container.textContent ?? '';
    assert.match(shown, /First, the plan\./, 'the transcript the host sent');
    assert.doesNotMatch(shown, /Earlier messages are loading|The notes list three fixes/, 'the saved end gave way to the real transcript');
  });

  it('saves the end of its transcript with the page state when the page goes away', async () => {
    const host = new FakeHost();
    render(<PanelApp messenger={host} saved={undefined} />);
    await hostSays(snapshot({ approvals: [], panel: { taskId: 'p', transcript: [text('Drafting the notes.', 'p')] } }));
    await act(async () => {
      const PageEvent = (window as unknown as { Event: typeof Event }).Event;
      window.dispatchEvent(new PageEvent('pagehide'));
    });
    const page = loadPageState() as { taskId: string; transcript: { items: { kind: string; text?: string; streaming?: boolean }[]; earlier: boolean } };
    assert.equal(page.taskId, 'p');
    assert.deepEqual(
      page.transcript.items.map((i) => [i.kind, i.text, i.streaming]),
      [['text', 'Drafting the notes.', false]],
      'the streaming answer, saved as it stood (no longer streaming)',
    );
    assert.equal(page.transcript.earlier, false);
  });

  it('ignores saved content of another protocol version (a page from an older Baton)', () => {
    const view = render(<PanelApp messenger={new FakeHost()} saved={{ taskId: 'p', protocolVersion: PROTOCOL_VERSION - 1, tasks: [parent], ui: {}, settings: null }} />);
    assert.match(view.container.textContent ?? '', /Loading the task…/);
  });

  it('says why a task stopped, in true words: a closed window, and no caret once it no longer runs', async () => {
    const host = new FakeHost();
    const view = render(<PanelApp messenger={host} saved={undefined} />);
    const stopped = makeTask({ id: 'c', title: 'Draft notes.md', parentId: 'p', rootId: 'p', status: 'interrupted', interruptReason: 'editor_closed' });
    await hostSays(
      snapshot({
        tasks: [parent, stopped],
        ui: { p: uiState(['resume']), c: uiState(['resume', 'abandon', 'delete']) },
        panel: { taskId: 'c', transcript: [{ type: 'text', taskId: 'c', at: 1, delta: 'Counting the weekly users, so far the total is' }] },
        approvals: [],
      }),
    );
    const text = view.container.textContent ?? '';
    assert.match(text, /The window running it closed \(a reload, or the editor quit\)\. Resume continues from here\./);
    assert.doesNotMatch(text, /Stopped mid-answer/, 'not a Stop by the user');
    assert.equal(view.container.querySelector('.assistant-text.is-streaming'), null, 'no caret on a task that does not run');
  });

  it('marks a token count that is partly estimated (a turn stopped before the model counted it)', async () => {
    const host = new FakeHost();
    const view = render(<PanelApp messenger={host} saved={undefined} />);
    const usage = { inputTokens: 0, outputTokens: 120, turns: 1, runtimeMs: 4_000, outputEstimated: true as const };
    const stopped = makeTask({ id: 'c', title: 'Draft notes.md', parentId: 'p', rootId: 'p', status: 'interrupted', interruptReason: 'user_stop', ownUsage: usage, usage });
    await hostSays(snapshot({ tasks: [parent, stopped], ui: { p: uiState(['resume']), c: uiState(['resume']) }, panel: { taskId: 'c', transcript: [] }, approvals: [] }));
    const tokens = [...view.container.querySelectorAll('.meta-item')].find((m) => m.querySelector('dt')?.textContent === 'Tokens')!;
    assert.equal(tokens.querySelector('dd')?.textContent, '~120 (0 in, ~120 out)');
    assert.match(tokens.getAttribute('title') ?? '', /Estimated in part/);
  });

  it('words a stop by why it stopped, and promises Resume only where Resume is allowed', () => {
    const t = (status: 'interrupted' | 'abandoned', interruptReason: 'user_stop' | 'editor_closed' | 'parent_stop' | null) => makeTask({ id: 'c', status, interruptReason });
    assert.equal(stopWords(t('interrupted', 'user_stop'), uiState(['resume']), 'mid-answer'), 'Stopped mid-answer by you. Resume continues from here.');
    assert.equal(stopWords(t('interrupted', 'editor_closed'), uiState(['resume']), 'mid-answer'), 'The window running it closed mid-answer (a reload, or the editor quit). Resume continues from here.');
    assert.equal(stopWords(t('interrupted', 'parent_stop'), uiState(['resume']), 'here'), 'Its parent task stopped it here. Resume continues from here.');
    assert.equal(stopWords(t('abandoned', null), uiState(['delete']), 'mid-answer'), 'Stopped mid-answer; then abandoned: its parent got its partial work, and it cannot be resumed.');
    // Where Resume is refused, the refusal says why instead of a promise.
    assert.equal(stopWords(t('interrupted', 'user_stop'), uiState(['delete']), 'here'), 'Stopped here by you. resume is not allowed here');
  });
});
