/** A task panel: header, delegation banner, live transcript, approvals, actions and composer. */
import { useCallback, useEffect } from 'react';
import { DEFAULT_BUDGET } from '../../../src/shared/task';
import { useHost } from '../useHost';
import { rememberPanel } from '../vscodeApi';
import { ActionsBar } from './ActionsBar';
import { ApprovalCard } from './ApprovalCard';
import { Composer } from './Composer';
import { DelegationBanner } from './DelegationBanner';
import { PanelHeader } from './PanelHeader';
import { Transcript } from './Transcript';

export function PanelApp() {
  const [state, dispatch] = useHost();
  const taskId = state.panel?.taskId;
  useEffect(() => {
    if (taskId) rememberPanel(taskId);
  }, [taskId]);
  const onToggle = useCallback((key: string, expanded: boolean) => dispatch({ type: 'ui/toggle', key, expanded }), [dispatch]);

  if (state.phase === 'connecting') {
    return (
      <p className="notice" role="status">
        Loading the task…
      </p>
    );
  }
  if (state.phase === 'incompatible' || !state.panel) {
    return (
      <p className="notice notice-error" role="alert">
        Baton was updated while this panel was open. Run “Developer: Reload Window” to use the new version.
      </p>
    );
  }
  const task = state.tasks[state.panel.taskId];
  if (!task) {
    return (
      <p className="notice" role="status">
        This task no longer exists: it was deleted.
      </p>
    );
  }
  const approvals = state.approvals.filter((a) => a.taskId === task.id);
  return (
    <main className="panel" aria-label={`Task ${task.title}`}>
      <PanelHeader task={task} tasks={state.tasks} live={state.live[task.id]} />
      {task.status === 'delegated' && task.awaitingChildId && (
        <DelegationBanner child={state.tasks[task.awaitingChildId]} childId={task.awaitingChildId} live={state.live[task.awaitingChildId]} />
      )}
      <Transcript
        task={task}
        asking={approvals.length > 0}
        items={state.panel.transcript.items}
        expanded={state.panel.expanded}
        tasks={state.tasks}
        live={state.live}
        onToggle={onToggle}
      />
      {approvals.map((a) => (
        <ApprovalCard key={a.id} approval={a} />
      ))}
      <ActionsBar task={task} defaultBudget={state.settings?.defaultBudget ?? DEFAULT_BUDGET} />
      {task.parentId === null && (task.status === 'completed' || task.status === 'active') && <Composer task={task} />}
    </main>
  );
}
