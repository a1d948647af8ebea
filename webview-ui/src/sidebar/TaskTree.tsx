/**
 * The task tree (ARIA tree, one tab stop): Up/Down/Home/End move, Right/Left expand, collapse
 * or go to the parent, Enter opens, Delete deletes; Tab reaches the focused row's actions.
 */
import { useMemo, useState, type CSSProperties, type KeyboardEvent } from 'react';
import type { LiveState } from '../../../src/shared/protocol';
import { IconButton } from '../components/IconButton';
import { StatusIcon } from '../components/StatusIcon';
import { useNow } from '../components/useNow';
import { availableActions } from '../state/availableActions';
import type { TaskNode } from '../state/taskTree';
import { presentStatus } from '../state/taskStatus';
import { postToHost } from '../vscodeApi';

interface Row {
  readonly node: TaskNode;
  readonly depth: number;
  readonly parentId: string | null;
  readonly setSize: number;
  readonly position: number;
}

interface TaskTreeProps {
  nodes: readonly TaskNode[];
  live: Readonly<Record<string, LiveState>>;
}

export function TaskTree({ nodes, live }: TaskTreeProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [activeId, setActiveId] = useState<string | null>(null);
  const rows = useMemo(() => flatten(nodes, collapsed), [nodes, collapsed]);
  const retrying = Object.values(live).some((s) => s.kind === 'retrying');
  const now = useNow(retrying);
  // The roving tab stop: the active row if it is still shown, else the first.
  const focusId = rows.some((r) => r.node.task.id === activeId) ? activeId : (rows[0]?.node.task.id ?? null);

  const setExpanded = (id: string, expanded: boolean) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (expanded) next.delete(id);
      else next.add(id);
      return next;
    });

  const activate = (id: string, focus: boolean) => {
    setActiveId(id);
    postToHost({ type: 'select', taskId: id });
    if (focus) document.getElementById(rowDomId(id))?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, index: number) => {
    if (event.target !== event.currentTarget) return;
    const row = rows[index]!;
    const { task, children } = row.node;
    const isOpen = children.length > 0 && !collapsed.has(task.id);
    const go = (i: number) => rows[i] && activate(rows[i].node.task.id, true);
    switch (event.key) {
      case 'ArrowDown':
        go(Math.min(index + 1, rows.length - 1));
        break;
      case 'ArrowUp':
        go(Math.max(index - 1, 0));
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case 'ArrowRight':
        if (children.length > 0 && !isOpen) setExpanded(task.id, true);
        else if (isOpen) go(index + 1);
        break;
      case 'ArrowLeft':
        if (isOpen) setExpanded(task.id, false);
        else if (row.parentId) activate(row.parentId, true);
        break;
      case 'Enter':
      case ' ':
        postToHost({ type: 'open', taskId: task.id });
        break;
      case 'Delete':
        postToHost({ type: 'delete', taskId: task.id });
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div className="task-tree" role="tree" aria-label="Tasks">
      {rows.map((row, index) => (
        <TaskRow
          key={row.node.task.id}
          row={row}
          live={live[row.node.task.id]}
          now={now}
          focusable={row.node.task.id === focusId}
          expanded={row.node.children.length > 0 ? !collapsed.has(row.node.task.id) : undefined}
          onToggle={(expanded) => setExpanded(row.node.task.id, expanded)}
          onActivate={() => activate(row.node.task.id, false)}
          onKeyDown={(event) => onKeyDown(event, index)}
        />
      ))}
    </div>
  );
}

interface TaskRowProps {
  row: Row;
  live: LiveState | undefined;
  now: number;
  focusable: boolean;
  expanded: boolean | undefined;
  onToggle: (expanded: boolean) => void;
  onActivate: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
}

function TaskRow({ row, live, now, focusable, expanded, onToggle, onActivate, onKeyDown }: TaskRowProps) {
  const { task } = row.node;
  const status = presentStatus(task, live, now);
  const title = task.title.trim() || 'Untitled task';
  const actions = availableActions(task);
  // Set through the CSSOM by React, which the CSP allows (unlike a style attribute in markup).
  const indent = { '--depth': row.depth } as CSSProperties;
  const tab = focusable ? 0 : -1;
  const send = (type: 'stop' | 'resume' | 'abandon' | 'delete') => postToHost({ type, taskId: task.id });
  const tooltip = [title, status.detail ?? status.label, task.goal.trim() !== title ? task.goal : ''].filter(Boolean).join('\n\n');

  return (
    <div
      id={rowDomId(task.id)}
      className={`task-row${task.status === 'abandoned' ? ' is-muted' : ''}`}
      style={indent}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-setsize={row.setSize}
      aria-posinset={row.position}
      aria-expanded={expanded}
      aria-selected={focusable}
      aria-label={`${title}, ${status.label}${row.depth > 0 ? ', subtask' : ''}`}
      aria-description={status.detail}
      data-task-id={task.id}
      tabIndex={tab}
      title={tooltip}
      onClick={(event) => {
        onActivate();
        if (!(event.target as HTMLElement).closest('button')) postToHost({ type: 'open', taskId: task.id });
      }}
      onFocus={(event) => event.target === event.currentTarget && onActivate()}
      onKeyDown={onKeyDown}
    >
      {expanded === undefined ? (
        <span className="twistie" aria-hidden="true" />
      ) : (
        <span
          className={`twistie codicon codicon-chevron-${expanded ? 'down' : 'right'}`}
          aria-hidden="true"
          onClick={(event) => {
            event.stopPropagation();
            onToggle(!expanded);
          }}
        />
      )}
      <StatusIcon status={status} />
      <span className="task-title">{title}</span>
      <span className={`task-status tone-${status.tone}`} aria-hidden="true">
        {status.label}
      </span>
      <span className="row-actions">
        {actions.stop && <IconButton icon="debug-stop" label={`Stop “${title}”`} tabIndex={tab} onClick={() => send('stop')} />}
        {actions.resume && <IconButton icon="debug-continue" label={`Resume “${title}”`} tabIndex={tab} onClick={() => send('resume')} />}
        {actions.delegate && (
          <IconButton
            icon="type-hierarchy-sub"
            label={`Delegate a subtask of “${title}”…`}
            tabIndex={tab}
            onClick={() => postToHost({ type: 'delegate', parentId: task.id })}
          />
        )}
        {actions.abandon && <IconButton icon="circle-slash" label={`Abandon “${title}”`} tabIndex={tab} onClick={() => send('abandon')} />}
        <IconButton icon="trash" label={`Delete “${title}”…`} tabIndex={tab} onClick={() => send('delete')} />
      </span>
    </div>
  );
}

function rowDomId(taskId: string): string {
  return `task-row-${taskId}`;
}

function flatten(nodes: readonly TaskNode[], collapsed: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  const walk = (list: readonly TaskNode[], depth: number, parentId: string | null) => {
    list.forEach((node, i) => {
      rows.push({ node, depth, parentId, setSize: list.length, position: i + 1 });
      if (!collapsed.has(node.task.id)) walk(node.children, depth + 1, node.task.id);
    });
  };
  walk(nodes, 0, null);
  return rows;
}
