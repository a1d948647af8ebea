/** The sidebar: "New task" above the filter and the task tree, fed by the host's messages. */
import { useEffect, useMemo, useRef } from 'react';
import type { TaskFilter } from '../../../src/shared/protocol';
import { MessengerContext, runCommand, useMessenger, vsCodeMessenger, type Messenger } from '../messenger';
import { buildTaskTree, filterTree } from '../state/taskTree';
import type { WebviewState } from '../state/webviewReducer';
import { useHost } from '../useHost';
import { FilterBar } from './FilterBar';
import { NewTaskForm } from './NewTaskForm';
import { TaskTree } from './TaskTree';

export function SidebarApp({ messenger = vsCodeMessenger }: { messenger?: Messenger }) {
  return (
    <MessengerContext.Provider value={messenger}>
      <Sidebar messenger={messenger} />
    </MessengerContext.Provider>
  );
}

function Sidebar({ messenger }: { messenger: Messenger }) {
  const [state, dispatch] = useHost(messenger);
  const setFilter = useFilterSync(messenger, state.filter, (filter) => dispatch({ type: 'ui/setFilter', filter }));

  return (
    <main className="sidebar">
      <NewTaskForm disabled={state.phase !== 'ready' || state.storeError !== null} />
      {state.phase === 'ready' && state.storeError === null && Object.keys(state.tasks).length > 0 && <FilterBar filter={state.filter} onChange={setFilter} />}
      <Body state={state} onShowAll={() => setFilter({ ...state.filter, showAll: true })} />
    </main>
  );
}

/** Applies a filter at once and tells the host (which keeps it per workspace) after a pause in typing. */
function useFilterSync(messenger: Messenger, filter: TaskFilter, apply: (filter: TaskFilter) => void): (filter: TaskFilter) => void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (next: TaskFilter) => {
    apply(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => messenger.post({ type: 'setFilter', filter: next }), next.query === filter.query ? 0 : 400);
  };
}

function Body({ state, onShowAll }: { state: WebviewState; onShowAll: () => void }) {
  const messenger = useMessenger();
  const tree = useMemo(() => buildTaskTree(state.tasks), [state.tasks]);
  const filtered = useMemo(() => filterTree(tree, state.filter, state.workspace), [tree, state.filter, state.workspace]);

  switch (state.phase) {
    case 'connecting':
    case 'restored':
      return (
        <p className="notice" role="status">
          Loading tasks…
        </p>
      );
    case 'incompatible':
      return (
        <p className="notice notice-error" role="alert">
          Baton was updated while this view was open. Run “Developer: Reload Window” to use the new version.
        </p>
      );
    case 'ready':
      break;
  }
  if (state.storeError !== null) {
    return (
      <p className="notice notice-error" role="alert">
        {state.storeError}
      </p>
    );
  }
  if (tree.length === 0 && !state.olderTasks) {
    return (
      <div className="empty-state" role="status">
        <span className="codicon codicon-list-tree empty-state-icon" aria-hidden="true" />
        <p className="empty-state-title">No tasks yet</p>
        <p className="empty-state-hint">Describe what you want done above and press Enter.</p>
        <p className="empty-state-hint">
          New tasks run on {state.model || 'the configured model'}.{' '}
          <button type="button" className="link-button" onClick={() => runCommand(messenger, 'baton.selectModel')}>
            Choose a model
          </button>
          {' · '}
          <button type="button" className="link-button" onClick={() => runCommand(messenger, 'baton.openWalkthrough')}>
            Get started
          </button>
        </p>
      </div>
    );
  }
  return (
    <>
      {filtered.nodes.length === 0 ? (
        <p className="notice" role="status">
          {state.filter.query.trim() ? 'No task matches the search.' : 'No tasks in this workspace yet.'}
        </p>
      ) : (
        <TaskTree nodes={filtered.nodes} ui={state.ui} live={state.live} focus={state.focus} />
      )}
      {state.olderTasks && (
        <p className="notice filter-hint">
          <button type="button" className="link-button" onClick={() => messenger.post({ type: 'loadOlder' })}>
            Show older tasks
          </button>
        </p>
      )}
      {!state.filter.showAll && filtered.elsewhere > 0 && (
        <p className="notice filter-hint">
          {filtered.elsewhere} {filtered.elsewhere === 1 ? 'task belongs' : 'tasks belong'} to other workspaces.{' '}
          <button type="button" className="link-button" onClick={onShowAll}>
            Show all
          </button>
        </p>
      )}
    </>
  );
}
