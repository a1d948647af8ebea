/** The sidebar: a "New task" input above the task list, fed by the host's messages. */
import { useEffect, useReducer } from 'react';
import { parseHostMessage } from '../../src/shared/protocol';
import { NewTaskForm } from './components/NewTaskForm';
import { TaskList } from './components/TaskList';
import { initialTasksState, tasksReducer, type TasksState } from './state/tasksReducer';
import { postToHost } from './vscodeApi';

export function App() {
  const [state, dispatch] = useReducer(tasksReducer, initialTasksState);

  useEffect(() => {
    const onMessage = (event: MessageEvent<unknown>) => {
      const parsed = parseHostMessage(event.data);
      if (!parsed.ok) {
        console.warn(`[baton] dropped a message from the host: ${parsed.reason}`);
        return;
      }
      dispatch(parsed.message);
    };
    window.addEventListener('message', onMessage);
    // Only once the listener is attached: the host answers `ready` with a snapshot.
    postToHost({ type: 'ready' });
    return () => window.removeEventListener('message', onMessage);
  }, []);

  return (
    <main className="sidebar">
      <NewTaskForm disabled={state.phase !== 'ready' || state.storeError !== null} />
      <Body state={state} />
    </main>
  );
}

function Body({ state }: { state: TasksState }) {
  switch (state.phase) {
    case 'connecting':
      return <p className="notice" role="status">Loading tasks…</p>;
    case 'incompatible':
      return (
        <p className="notice notice-error" role="alert">
          Baton was updated while this view was open. Run “Developer: Reload Window” to use the new version.
        </p>
      );
    case 'ready':
      if (state.storeError !== null) {
        return (
          <p className="notice notice-error" role="alert">
            {state.storeError}
          </p>
        );
      }
      return <TaskList tasks={state.tasks} onOpen={(taskId) => postToHost({ type: 'openTask', taskId })} />;
  }
}
