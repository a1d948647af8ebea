/**
 * A task panel: header, the subtasks it waits on, live transcript, the approvals of its tree
 * (a subtask's named), actions and composer. What shows and what each control may do comes from
 * the host: the records, and how each task stands (TaskUiState).
 */
import { useCallback, useMemo } from 'react';
import { DEFAULT_BUDGET } from '../../../src/shared/task';
import { MessengerContext, vsCodeMessenger, type Messenger } from '../messenger';
import { restoredState } from '../state/pageState';
import { useHost } from '../useHost';
import { loadPageState } from '../vscodeApi';
import { ActionsBar } from './ActionsBar';
import { ApprovalCard } from './ApprovalCard';
import { Composer } from './Composer';
import { openChildren } from './childCards';
import { ChildrenGrid } from './ChildrenGrid';
import { PanelHeader } from './PanelHeader';
import { Transcript } from './Transcript';
import { usePageStateSaver } from './usePageStateSaver';

export function PanelApp({ messenger = vsCodeMessenger, saved }: { messenger?: Messenger; saved?: unknown }) {
  return (
    <MessengerContext.Provider value={messenger}>
      <PanelPage messenger={messenger} saved={saved ?? loadPageState()} />
    </MessengerContext.Provider>
  );
}

function PanelPage({ messenger, saved }: { messenger: Messenger; saved: unknown }) {
  const initial = useMemo(() => restoredState(saved), [saved]);
  const [state, dispatch] = useHost(messenger, initial);
  usePageStateSaver(state);
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
  const ui = state.ui[task.id];
  const children = openChildren(task, { tasks: state.tasks, ui: state.ui, live: state.live, tails: state.panel.tails });
  return (
    <main className="panel" aria-label={`Task ${task.title}`} aria-busy={state.phase === 'restored'}>
      <PanelHeader task={task} ui={ui} tasks={state.tasks} live={state.live[task.id]} />
      {children.length > 0 && <ChildrenGrid cards={children} waiting={task.status === 'delegated'} />}
      {state.phase === 'restored' && state.panel.transcript.items.size === 0 ? (
        <p className="notice transcript-loading" role="status">
          <span className="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> Loading the transcript…
        </p>
      ) : (
        <Transcript
          // The restored end of the transcript gives way to the whole one: a new list, opened at its end.
          key={state.phase === 'restored' ? 'restored' : 'live'}
          restored={state.phase === 'restored' ? { earlier: state.panel.earlier === true } : undefined}
          task={task}
          ui={ui}
          asking={state.approvals.length > 0}
          items={state.panel.transcript.items}
          expanded={state.panel.expanded}
          tasks={state.tasks}
          uiStates={state.ui}
          live={state.live}
          onToggle={onToggle}
        />
      )}
      {state.approvals.map((a) => (
        <ApprovalCard key={a.id} approval={a} askedBy={a.taskId === task.id ? undefined : (state.tasks[a.taskId]?.title ?? 'a subtask')} />
      ))}
      <ActionsBar task={task} actions={state.phase === 'ready' ? ui?.actions : undefined} defaultBudget={state.settings?.defaultBudget ?? DEFAULT_BUDGET} />
      {ui?.actions.message.allowed && <Composer task={task} />}
    </main>
  );
}
