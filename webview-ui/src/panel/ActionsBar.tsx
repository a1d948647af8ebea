/** Stop, Resume, Continue with a new budget, Abandon, Delegate subtask: what applies to the task now. */
import { useState, memo } from 'react';
import type { Budget, TaskRecord } from '../../../src/shared/task';
import { VscodeButton } from '../components/toolkit';
import { availableActions } from '../state/availableActions';
import { postToHost } from '../vscodeApi';
import { ContinueForm } from './ContinueForm';
import { DelegateForm } from './DelegateForm';

type OpenForm = 'continue' | 'delegate' | null;

export const ActionsBar = memo(function ActionsBar({ task, defaultBudget }: { task: TaskRecord; defaultBudget: Budget }) {
  const [form, setForm] = useState<OpenForm>(null);
  const can = availableActions(task);
  const send = (type: 'stop' | 'resume' | 'abandon') => postToHost({ type, taskId: task.id });
  const toggle = (which: Exclude<OpenForm, null>) => setForm((f) => (f === which ? null : which));
  const needsBudget = task.status === 'needs_continuation';
  const shown = form === 'continue' && !can.continueWithBudget ? null : form === 'delegate' && !can.delegate ? null : form;

  return (
    <div className="actions-area">
      <div className="actions-bar" role="toolbar" aria-label="Task actions">
        {can.stop && (
          <VscodeButton icon="debug-stop" onClick={() => send('stop')} aria-label="Stop the task">
            Stop
          </VscodeButton>
        )}
        {can.continueWithBudget && needsBudget && (
          <VscodeButton icon="debug-continue" onClick={() => toggle('continue')} aria-label="Continue with a new budget" aria-expanded={shown === 'continue'}>
            Continue…
          </VscodeButton>
        )}
        {can.resume && (
          <VscodeButton secondary={needsBudget} icon={needsBudget ? 'debug-restart' : 'debug-continue'} onClick={() => send('resume')} aria-label="Resume the task">
            Resume
          </VscodeButton>
        )}
        {can.continueWithBudget && !needsBudget && (
          <VscodeButton secondary icon="settings" onClick={() => toggle('continue')} aria-label="Resume with a new budget" aria-expanded={shown === 'continue'}>
            New budget…
          </VscodeButton>
        )}
        {can.abandon && (
          <VscodeButton secondary icon="circle-slash" onClick={() => send('abandon')} aria-label="Abandon this subtask (its parent carries on)">
            Abandon
          </VscodeButton>
        )}
        {can.delegate && (
          <VscodeButton secondary icon="type-hierarchy-sub" onClick={() => toggle('delegate')} aria-label="Delegate a subtask" aria-expanded={shown === 'delegate'}>
            Delegate subtask…
          </VscodeButton>
        )}
        <span className="spacer" />
        <VscodeButton secondary icon="trash" onClick={() => postToHost({ type: 'delete', taskId: task.id })} aria-label="Delete the task">
          Delete…
        </VscodeButton>
      </div>
      {shown === 'continue' && <ContinueForm taskId={task.id} defaultBudget={defaultBudget} onDone={() => setForm(null)} />}
      {shown === 'delegate' && <DelegateForm parentId={task.id} onDone={() => setForm(null)} />}
    </div>
  );
});
