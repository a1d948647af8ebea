/** The panel's header: breadcrumb to the parent, title, status, model and usage. */
import { memo } from 'react';
import type { LiveState, TaskUiState } from '../../../src/shared/protocol';
import { aboutOutput, type TaskRecord } from '../../../src/shared/task';
import { presentStatus } from '../../../src/shared/taskStatus';
import { StatusIcon } from '../components/StatusIcon';
import { useNow } from '../components/useNow';
import { runAction, useMessenger } from '../messenger';
import { formatCost, formatDuration, formatTokens } from '../state/format';

interface PanelHeaderProps {
  task: TaskRecord;
  ui: TaskUiState | undefined;
  tasks: Readonly<Record<string, TaskRecord>>;
  live: LiveState | undefined;
}

export const PanelHeader = memo(function PanelHeader({ task, ui, tasks, live }: PanelHeaderProps) {
  const messenger = useMessenger();
  const now = useNow(live?.kind === 'retrying');
  const status = presentStatus(task, ui, live, now);
  const ancestors = ancestorsOf(task, tasks);
  const { usage, ownUsage, childUsage, modelRoute } = task;
  const tokens = usage.inputTokens + usage.outputTokens;
  const about = aboutOutput(usage);
  const withSubtasks = childUsage.inputTokens + childUsage.outputTokens > 0 || childUsage.runtimeMs > 0;
  // The budget counts the task's own turns since it began (Continue starts a new one).
  const turns = Math.max(0, ownUsage.turns - task.budgetBaseline.turns);

  return (
    <header className="panel-header">
      {ancestors.length > 0 && (
        <nav className="breadcrumb" aria-label="Parent tasks">
          {ancestors.map((a) => (
            <span key={a.id} className="crumb">
              <button type="button" className="link-button" onClick={() => runAction(messenger, 'open', a.id)} aria-label={`Open parent task ${a.title}`}>
                {a.title || 'Untitled task'}
              </button>
              <span className="codicon codicon-chevron-right" aria-hidden="true" />
            </span>
          ))}
        </nav>
      )}
      <div className="title-line">
        <h1 className="task-heading" title={task.goal}>
          {task.title.trim() || 'Untitled task'}
        </h1>
        <span className={`status-pill tone-${status.tone}`} title={status.detail} role="status" aria-label={`Status: ${status.label}${status.detail ? `. ${status.detail}` : ''}`}>
          <StatusIcon status={status} />
          {status.label}
        </span>
      </div>
      <dl className="meta">
        {task.parentId !== null && <Meta label="Kind" value="Subtask" />}
        {modelRoute && <Meta label="Model" value={modelRoute.provider === 'demo' ? 'Demo model (scripted)' : `${modelRoute.model} · ${modelRoute.provider}`} />}
        <Meta
          label="Tokens"
          value={`${about}${formatTokens(tokens)} (${formatTokens(usage.inputTokens)} in, ${about}${formatTokens(usage.outputTokens)} out${withSubtasks ? ', with its subtasks' : ''})`}
          title={usage.outputEstimated ? 'Estimated in part: a turn was stopped before the model reported its token count, so its streamed output was counted at about 4 characters a token.' : undefined}
        />
        {usage.costUsd !== undefined && <Meta label="Cost" value={formatCost(usage.costUsd)} />}
        <Meta label="Time" value={`${formatDuration(usage.runtimeMs)}${withSubtasks ? ', with its subtasks' : ''}`} />
        <Meta label="Turns" value={`${turns} of ${task.budget.maxTurns}`} />
      </dl>
    </header>
  );
});

function Meta({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <div className="meta-item" title={title}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** Root first, the direct parent last. */
function ancestorsOf(task: TaskRecord, tasks: Readonly<Record<string, TaskRecord>>): TaskRecord[] {
  const out: TaskRecord[] = [];
  const seen = new Set([task.id]);
  for (let id = task.parentId; id !== null && !seen.has(id); ) {
    const parent = tasks[id];
    if (!parent) break;
    seen.add(id);
    out.unshift(parent);
    id = parent.parentId;
  }
  return out;
}
