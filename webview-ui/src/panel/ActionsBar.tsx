/** What the user may do with the task now: exactly the actions the host (the lifecycle) allows, each running its command. */
import { memo, useState } from 'react';
import type { TaskActions } from '../../../src/shared/protocol';
import type { Budget, TaskRecord } from '../../../src/shared/task';
import { VscodeButton } from '../components/toolkit';
import { runAction, useMessenger } from '../messenger';
import { ContinueForm } from './ContinueForm';
import { DelegateForm } from './DelegateForm';
import { MessageForm } from './MessageForm';
import { panelButtons } from './taskActions';

type OpenForm = 'continue' | 'delegate' | 'resumeWithMessage' | null;

export const ActionsBar = memo(function ActionsBar({ task, actions, defaultBudget }: { task: TaskRecord; actions: TaskActions | undefined; defaultBudget: Budget }) {
  const messenger = useMessenger();
  const [form, setForm] = useState<OpenForm>(null);
  const buttons = panelButtons(task).filter((b) => actions?.[b.action].allowed === true);
  // A form whose action is no longer allowed (the task moved on) closes.
  const shown = buttons.some((b) => b.form === form) ? form : null;
  const leading = buttons.filter((b) => !b.trailing);
  const trailing = buttons.filter((b) => b.trailing);
  const render = (b: (typeof buttons)[number]) => (
    <VscodeButton
      key={b.action}
      secondary={b.secondary}
      icon={b.icon}
      title={b.aria}
      aria-label={b.aria}
      aria-expanded={b.form ? shown === b.form : undefined}
      onClick={() => (b.form ? setForm((f) => (f === b.form ? null : (b.form ?? null))) : runAction(messenger, b.action, task.id))}
    >
      {b.label}
    </VscodeButton>
  );

  return (
    <div className="actions-area">
      <div className="actions-bar" role="toolbar" aria-label="Task actions">
        {leading.map(render)}
        <span className="spacer" />
        {trailing.map(render)}
      </div>
      {shown === 'continue' && <ContinueForm taskId={task.id} defaultBudget={defaultBudget} onDone={() => setForm(null)} />}
      {shown === 'delegate' && <DelegateForm parentId={task.id} onDone={() => setForm(null)} />}
      {shown === 'resumeWithMessage' && (
        <MessageForm taskId={task.id} action="resumeWithMessage" label={`Message for ${task.title} when it resumes`} submit="Resume" onDone={() => setForm(null)} />
      )}
    </div>
  );
});
