import './dom';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, render } from '@testing-library/react';
import { DEFAULT_BUDGET } from '../../../../src/shared/task';
import { MessengerContext } from '../../../../webview-ui/src/messenger';
import { ActionsBar } from '../../../../webview-ui/src/panel/ActionsBar';
import { makeTask } from '../makeTask';
import { FakeHost, uiState } from './fakeHost';

function renderBar(allowed: Parameters<typeof uiState>[0], task = makeTask({ id: 't', status: 'interrupted' })) {
  const host = new FakeHost();
  const view = render(
    <MessengerContext.Provider value={host}>
      <ActionsBar task={task} actions={uiState(allowed).actions} defaultBudget={DEFAULT_BUDGET} />
    </MessengerContext.Provider>,
  );
  const buttons = () => [...view.container.querySelectorAll('[role="toolbar"] vscode-button')].map((b) => b.getAttribute('aria-label'));
  const click = (label: string) => {
    const button = view.container.querySelector(`[aria-label="${label}"]`);
    assert.ok(button, `no "${label}" button; there are ${JSON.stringify(buttons())}`);
    fireEvent.click(button);
  };
  return { host, view, buttons, click };
}

describe('the actions bar (with a fake host)', () => {
  afterEach(cleanup);

  it('shows exactly the actions the host allows, in a fixed order', () => {
    const { buttons } = renderBar(['resume', 'abandon', 'delete', 'open']);
    assert.deepEqual(buttons(), ['Resume the task', 'Abandon this subtask (its parent carries on)', 'Delete the task']);
    assert.deepEqual(renderBar(['stop', 'delete']).buttons(), ['Stop the task', 'Delete the task']);
  });

  it('shows no button for an action the host refuses (a task at the depth limit offers no Delegate)', () => {
    const { buttons } = renderBar(['stop', 'delete'], makeTask({ id: 't', status: 'active' }));
    assert.ok(!buttons().includes('Delegate a subtask'));
  });

  it('runs the same command as the palette, naming the task', () => {
    const { host, click } = renderBar(['stop', 'resume', 'abandon', 'delete']);
    click('Stop the task');
    click('Resume the task');
    click('Abandon this subtask (its parent carries on)');
    click('Delete the task');
    assert.deepEqual(host.commands(), ['baton.stopTask t', 'baton.resumeTask t', 'baton.abandonSubtask t', 'baton.deleteTask t']);
  });

  it('asks for a new budget in the panel, then runs Continue with it', () => {
    const { host, click, view } = renderBar(['continue', 'resume'], makeTask({ id: 't', status: 'needs_continuation', budgetReason: 'turns' }));
    click('Continue with a new budget');
    assert.ok(view.container.querySelector('form[aria-label="Continue with a new budget"]'), 'the budget form opened');
    assert.deepEqual(host.posted, [], 'nothing sent before the form is submitted');
    fireEvent.submit(view.container.querySelector('form')!);
    assert.deepEqual(host.posted, [{ type: 'command', command: 'baton.continueTask', taskId: 't', budget: DEFAULT_BUDGET }]);
  });

  it('offers nothing before the host said what is allowed', () => {
    const host = new FakeHost();
    const view = render(
      <MessengerContext.Provider value={host}>
        <ActionsBar task={makeTask({ id: 't' })} actions={undefined} defaultBudget={DEFAULT_BUDGET} />
      </MessengerContext.Provider>,
    );
    assert.equal(view.container.querySelectorAll('vscode-button').length, 0);
  });
});
