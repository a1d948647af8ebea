/** Shown while the task waits on subtasks: which, how each is doing, and what the user may do with each (as the host allows). */
import { memo } from 'react';
import type { LiveState, TaskUiState, UserAction } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';
import { presentStatus } from '../../../src/shared/taskStatus';
import { StatusIcon } from '../components/StatusIcon';
import { VscodeButton } from '../components/toolkit';
import { useNow } from '../components/useNow';
import { runAction, useMessenger } from '../messenger';

export interface AwaitedChild {
  readonly id: string;
  readonly task: TaskRecord | undefined;
  readonly ui: TaskUiState | undefined;
  readonly live: LiveState | undefined;
}

const CHILD_ACTIONS: readonly { action: UserAction; label: string; icon: string; secondary: boolean }[] = [
  { action: 'stop', label: 'Stop', icon: 'debug-stop', secondary: true },
  { action: 'resume', label: 'Resume', icon: 'debug-continue', secondary: false },
  { action: 'abandon', label: 'Abandon…', icon: 'circle-slash', secondary: true },
];

export const DelegationBanner = memo(function DelegationBanner({ awaited }: { awaited: readonly AwaitedChild[] }) {
  const now = useNow(awaited.some((c) => c.live?.kind === 'retrying'));
  return (
    <div className="banner-list" role="region" aria-label="Waiting on subtask">
      {awaited.map((child) => (
        <ChildLine key={child.id} child={child} now={now} />
      ))}
    </div>
  );
});

function ChildLine({ child, now }: { child: AwaitedChild; now: number }) {
  const messenger = useMessenger();
  if (!child.task) {
    return (
      <div className="banner" role="status">
        <span className="codicon codicon-type-hierarchy-sub" aria-hidden="true" />
        <span>Waiting on subtask {child.id} (not loaded).</span>
      </div>
    );
  }
  const task = child.task;
  const status = presentStatus(task, child.ui, child.live, now);
  const title = task.title.trim() || 'Untitled task';
  return (
    <div className="banner">
      <span className="codicon codicon-type-hierarchy-sub" aria-hidden="true" />
      <span className="banner-text">
        Waiting on subtask: <strong>{title}</strong>
        <span className={`banner-status tone-${status.tone}`} title={status.detail}>
          <StatusIcon status={status} /> {status.label}
        </span>
      </span>
      <span className="banner-actions">
        <VscodeButton secondary icon="go-to-file" title={`Open subtask ${title}`} onClick={() => runAction(messenger, 'open', task.id)} aria-label={`Open subtask ${title}`}>
          Open
        </VscodeButton>
        {CHILD_ACTIONS.filter((a) => child.ui?.actions[a.action].allowed).map((a) => (
          <VscodeButton
            key={a.action}
            secondary={a.secondary}
            icon={a.icon}
            title={`${a.label.replace('…', '')} subtask ${title}`}
            onClick={() => runAction(messenger, a.action, task.id)}
            aria-label={`${a.label.replace('…', '')} subtask ${title}`}
          >
            {a.label}
          </VscodeButton>
        ))}
      </span>
    </div>
  );
}
