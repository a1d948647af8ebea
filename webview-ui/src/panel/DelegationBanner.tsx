/** Shown while the task waits on a subtask: which one, how it is doing, and its controls. */
import { memo } from 'react';
import type { LiveState } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';
import { StatusIcon } from '../components/StatusIcon';
import { VscodeButton } from '../components/toolkit';
import { useNow } from '../components/useNow';
import { availableActions } from '../state/availableActions';
import { presentStatus } from '../state/taskStatus';
import { postToHost } from '../vscodeApi';

export const DelegationBanner = memo(function DelegationBanner({ child, childId, live }: { child: TaskRecord | undefined; childId: string; live: LiveState | undefined }) {
  const now = useNow(live?.kind === 'retrying');
  if (!child) {
    return (
      <div className="banner" role="status">
        <span className="codicon codicon-type-hierarchy-sub" aria-hidden="true" />
        <span>Waiting on subtask {childId} (not loaded).</span>
      </div>
    );
  }
  const status = presentStatus(child, live, now);
  const can = availableActions(child);
  const title = child.title.trim() || 'Untitled task';
  return (
    <div className="banner" role="region" aria-label="Waiting on subtask">
      <span className="codicon codicon-type-hierarchy-sub" aria-hidden="true" />
      <span className="banner-text">
        Waiting on subtask: <strong>{title}</strong>
        <span className={`banner-status tone-${status.tone}`}>
          <StatusIcon status={status} /> {status.label}
        </span>
      </span>
      <span className="banner-actions">
        <VscodeButton secondary icon="go-to-file" onClick={() => postToHost({ type: 'open', taskId: child.id })} aria-label={`Open subtask ${title}`}>
          Open
        </VscodeButton>
        {(can.stop || child.status === 'delegated') && (
          <VscodeButton secondary icon="debug-stop" onClick={() => postToHost({ type: 'stop', taskId: child.id })} aria-label={`Stop subtask ${title}`}>
            Stop
          </VscodeButton>
        )}
        {can.resume && (
          <VscodeButton icon="debug-continue" onClick={() => postToHost({ type: 'resume', taskId: child.id })} aria-label={`Resume subtask ${title}`}>
            Resume
          </VscodeButton>
        )}
        {can.abandon && (
          <VscodeButton secondary icon="circle-slash" onClick={() => postToHost({ type: 'abandon', taskId: child.id })} aria-label={`Abandon subtask ${title}`}>
            Abandon
          </VscodeButton>
        )}
      </span>
    </div>
  );
});
