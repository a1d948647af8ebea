/** A parent's panel during a fan-out (issue 10): its children side by side, live, steered from there. */
import './dom';
import assert from 'node:assert/strict';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { DEFAULT_FILTER, PROTOCOL_VERSION, type HostToWebviewMessage, type SnapshotMessage } from '../../../../src/shared/protocol';
import { ChildResultMessage, DEFAULT_BUDGET } from '../../../../src/shared/task';
import { PanelApp } from '../../../../webview-ui/src/panel/PanelApp';
import { SituationContext, TranscriptRow } from '../../../../webview-ui/src/panel/TranscriptRow';
import { ev } from '../events';
import { makeTask } from '../makeTask';
import { FakeHost, uiState } from './fakeHost';

const awaiting = ['a', 'b', 'c'].map((childId) => ({ childId, toolCallId: 'batch', until: null, wakeOn: [] }));
const failedOutcome = ChildResultMessage.parse({
  kind: 'child_result',
  id: 'r-d',
  toolCallId: 'batch',
  childId: 'd',
  childTitle: 'Count the users',
  outcome: 'failed',
  result: { summary: 'This subtask failed: The model kept failing: 529 Overloaded (6 attempts). It had not reported its progress yet.' },
  failure: { message: 'The model kept failing: 529 Overloaded (6 attempts).' },
  usage: { inputTokens: 900, outputTokens: 10, turns: 1, runtimeMs: 3_000 },
  durationMs: 3_000,
  at: 2,
});
const parent = makeTask({ id: 'p', title: 'Release', status: 'delegated', childIds: ['a', 'b', 'c', 'd'], awaitingChildId: 'a', pendingToolCallId: 'batch', awaiting, inbox: [failedOutcome] });
const kid = (id: string, title: string, overrides = {}) => makeTask({ id, title, parentId: 'p', rootId: 'p', reportTo: { toolCallId: 'batch' }, ...overrides });
const a = kid('a', 'Write the notes', { lease: { ownerId: 'w', heartbeatAt: 1 } });
const b = kid('b', 'Check the links', { lease: { ownerId: 'w', heartbeatAt: 1 } });
const c = kid('c', 'Bump the version', { status: 'interrupted', interruptReason: 'user_stop' });
const d = kid('d', 'Count the users', { status: 'failed', reportTo: null, failure: { message: 'The model kept failing: 529 Overloaded (6 attempts).' } });

function snapshot(overrides: Partial<SnapshotMessage> = {}): SnapshotMessage {
  return {
    type: 'snapshot',
    protocolVersion: PROTOCOL_VERSION,
    view: 'panel',
    tasks: [parent, a, b, c, d],
    ui: {
      p: uiState(['open', 'stop', 'resume', 'resumeWithMessage', 'delete']),
      a: uiState(['open', 'stop', 'delete'], { running: true }),
      b: uiState(['open', 'stop', 'delete'], { running: true }),
      c: uiState(['open', 'resume', 'resumeWithMessage', 'abandon', 'delete']),
      d: uiState(['open', 'resume', 'delete']),
    },
    workspace: { name: 'w', folders: [] },
    storeError: null,
    settings: { defaultBudget: DEFAULT_BUDGET },
    live: { b: { kind: 'queued', position: 1, at: 1 } },
    filter: DEFAULT_FILTER,
    panel: {
      taskId: 'p',
      transcript: ['a', 'b', 'c', 'd'].map((id) => ev({ type: 'spawned', childId: id, title: [a, b, c, d].find((t) => t.id === id)!.title, goal: 'g', toolCallId: 'batch' }, 'p')),
      tails: { a: 'Reading CHANGELOG.md\n' },
    },
    approvals: [],
    model: 'Demo',
    focus: 'p',
    ...overrides,
  };
}

async function hostSays(message: HostToWebviewMessage): Promise<void> {
  await act(async () => {
    const PageMessageEvent = (window as unknown as { MessageEvent: typeof MessageEvent }).MessageEvent;
    window.dispatchEvent(new PageMessageEvent('message', { data: message }));
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
}

async function open(overrides: Partial<SnapshotMessage> = {}) {
  const host = new FakeHost();
  const view = render(<PanelApp messenger={host} saved={undefined} />);
  await hostSays(snapshot(overrides));
  const card = (title: string) => view.container.querySelector<HTMLElement>(`.child-card[aria-label="Subtask ${title}"]`);
  const click = (label: string) => {
    const button = view.container.querySelector(`vscode-button[aria-label="${label}"]`);
    assert.ok(button, `a button "${label}"`);
    fireEvent.click(button);
  };
  return { host, view, card, click };
}

describe('a parent’s panel during a fan-out (with a fake host)', () => {
  afterEach(cleanup);

  it('shows its open children side by side, each with its status and the end of its output', async () => {
    const { view, card } = await open();
    const region = view.container.querySelector('[role="region"][aria-label="Waiting on subtask"]');
    assert.ok(region);
    assert.match(region.textContent ?? '', /Waiting on 3 subtasks/);
    const titles = [...region.querySelectorAll('.child-card .child-title')].map((e) => e.textContent);
    assert.deepEqual(titles, ['Write the notes', 'Check the links', 'Bump the version'], 'the failed child reported already: its card is in the transcript');
    assert.match(card('Write the notes')!.textContent ?? '', /Running.*Reading CHANGELOG\.md/s);
    assert.match(card('Check the links')!.textContent ?? '', /Queued/);
    assert.match(card('Bump the version')!.textContent ?? '', /Interrupted/);
  });

  it('streams each child’s tail from the host’s batched deltas, keeping only its last lines', async () => {
    const { card, host } = await open();
    await hostSays({ type: 'childTails', tails: { a: 'Wrote notes.md\n', b: 'Started' } });
    assert.match(card('Write the notes')!.querySelector('.child-tail')!.textContent ?? '', /Reading CHANGELOG\.md\nWrote notes\.md/);
    assert.match(card('Check the links')!.textContent ?? '', /Started/);
    await hostSays({ type: 'childTails', tails: { a: Array.from({ length: 30 }, (_, i) => `step ${i}`).join('\n') } });
    const tail = card('Write the notes')!.querySelector('.child-tail')!.textContent ?? '';
    assert.equal(tail.split('\n').length, 6);
    assert.match(tail, /step 29$/);
    assert.doesNotMatch(tail, /CHANGELOG/);
    assert.deepEqual(host.commands(), [], 'watching sends nothing');
  });

  it('offers on each child exactly the actions the host allows, each running its command on that child', async () => {
    const { card, click, host } = await open();
    const labels = (title: string) => [...card(title)!.querySelectorAll('vscode-button')].map((e) => e.textContent?.trim());
    assert.deepEqual(labels('Write the notes'), ['Open', 'Stop']);
    assert.deepEqual(labels('Bump the version'), ['Open', 'Resume', 'Resume with a message…', 'Abandon…']);
    click('Stop subtask Write the notes');
    click('Resume subtask Bump the version');
    assert.deepEqual(host.commands(), ['baton.stopTask a', 'baton.resumeTask c']);
  });

  it('resumes a stopped child with a message from its card', async () => {
    const { view, click, host } = await open();
    click('Resume with a message subtask Bump the version');
    const form = view.container.querySelector<HTMLFormElement>('form[aria-label="Message for Bump the version when it resumes"]');
    assert.ok(form, 'the message form opened');
    const field = form.querySelector('vscode-textarea') as HTMLElement & { value: string };
    field.value = 'Use semver 2.1.0, not 3.0.0';
    fireEvent.input(field);
    fireEvent.submit(form);
    assert.deepEqual(host.posted.at(-1), { type: 'command', command: 'baton.resumeWithMessage', taskId: 'c', text: 'Use semver 2.1.0, not 3.0.0' });
  });

  it('answers a child’s question from the parent’s panel', async () => {
    const asking = { ...b, awaitingUser: { toolCallId: 'q', question: 'Check external links too?' } };
    const attention = { kind: 'question' as const, taskId: 'b', title: b.title, count: 1 };
    const { view, card, click, host } = await open({
      tasks: [parent, a, asking, c, d],
      live: {},
      ui: { ...snapshot().ui, b: uiState(['open', 'message', 'delete'], { attention }) },
    });
    assert.match(card('Check the links')!.textContent ?? '', /Waiting for your answer.*Check external links too\?/s);
    click('Answer subtask Check the links');
    const form = view.container.querySelector<HTMLFormElement>('form[aria-label="Answer to Check the links"]')!;
    const field = form.querySelector('vscode-textarea') as HTMLElement & { value: string };
    field.value = 'Yes';
    fireEvent.input(field);
    fireEvent.submit(form);
    assert.deepEqual(host.posted.at(-1), { type: 'command', command: 'baton.sendMessage', taskId: 'b', text: 'Yes' });
  });

  it('lists each child’s outcome in the parent’s delegation cards, a failure with its message', () => {
    const item = { kind: 'delegation', key: 'k', childId: 'd', title: 'Count the users', goal: 'Count the users', result: null } as const;
    const card = (task: typeof parent) =>
      render(
        <SituationContext.Provider value={{ task, ui: undefined, lastStopKey: undefined, lastFailureKey: undefined }}>
          <TranscriptRow item={item} expanded={undefined} onToggle={() => undefined} child={d} childUi={uiState(['open', 'resume'])} />
        </SituationContext.Provider>,
      ).container.querySelector('.delegation-card[aria-label="Subtask Count the users"]')?.textContent ?? '';
    const reported = card(parent);
    assert.match(reported, /Reported: Failed/);
    assert.match(reported, /The model kept failing: 529 Overloaded \(6 attempts\)\./);
    assert.match(reported, /900 tokens in, 10 out · 3s/);
    assert.equal(reported.split('529 Overloaded').length - 1, 1, 'the failure is said once, not again in the summary that restates it');
    cleanup();
    assert.doesNotMatch(card({ ...parent, inbox: [] }), /Reported/, 'no outcome before the parent has one');
  });

  it('names Stop and Resume on the parent for what they do to its children', async () => {
    const { view, click, host } = await open();
    const bar = [...view.container.querySelectorAll('[role="toolbar"] vscode-button')].map((e) => e.textContent?.trim());
    assert.deepEqual(bar, ['Stop all', 'Resume all', 'Resume with a message…', 'Delete…']);
    click('Resume the paused subtasks it waits on');
    assert.deepEqual(host.commands(), ['baton.resumeTask p']);
  });

  it('keeps the children’s last output across a reload, until they stream again', async () => {
    const host = new FakeHost();
    const saved = { taskId: 'p', protocolVersion: PROTOCOL_VERSION, tasks: [parent, a, b, c, d], ui: snapshot().ui, settings: null, tails: { c: 'Half-way through package.json' } };
    const view = render(<PanelApp messenger={host} saved={saved} />);
    assert.match(view.container.textContent ?? '', /Half-way through package\.json/, 'before the host answers');
    await hostSays(snapshot({ panel: { ...snapshot().panel!, tails: {} } }));
    assert.match(view.container.textContent ?? '', /Half-way through package\.json/, 'this window never saw it stream, so the page keeps what it showed');
  });
});
