/**
 * The task tree (ARIA tree, one tab stop): Up/Down/Home/End move, Right/Left expand, collapse
 * or go to the parent, Enter opens, Delete deletes; Tab reaches the focused row's actions. A
 * click opens the task as a preview (its tab is reused by the next click), a double click opens
 * it for good. The selection follows the active task panel. Each row offers exactly the actions
 * the host allows, in fixed places (a button never moves under the pointer when the task's
 * state changes), and the same actions on its context menu.
 */
import { useEffect, useMemo, useState, type CSSProperties, type KeyboardEvent } from 'react';
import type { LiveState, TaskUiState, UserAction } from '../../../src/shared/protocol';
import { presentStatus } from '../../../src/shared/taskStatus';
import { IconButton } from '../components/IconButton';
import { StatusIcon } from '../components/StatusIcon';
import { useNow } from '../components/useNow';
import { runAction, useMessenger } from '../messenger';
import { runsInBackground, type TaskNode } from '../state/taskTree';
import { rowContext } from './rowContext';

interface Row {
  readonly node: TaskNode;
  readonly depth: number;
  readonly parentId: string | null;
  readonly setSize: number;
  readonly position: number;
  /** A subtask that runs without its parent waiting on it (it reports at the parent's next turn). */
  readonly background: boolean;
}

interface TaskTreeProps {
  nodes: readonly TaskNode[];
  ui: Readonly<Record<string, TaskUiState>>;
  live: Readonly<Record<string, LiveState>>;
  /** The task of the active task panel: its row is selected. */
  focus: string | null;
}

export function TaskTree({ nodes, ui, live, focus }: TaskTreeProps) {
  const messenger = useMessenger();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [activeId, setActiveId] = useState<string | null>(null);
  const rows = useMemo(() => flatten(nodes, collapsed), [nodes, collapsed]);
  const retrying = Object.values(live).some((s) => s.kind === 'retrying');
  const now = useNow(retrying);
  // The selection follows the active task panel.
  useEffect(() => {
    if (focus === null) return;
    setActiveId(focus);
    revealRow(focus);
  }, [focus]);
  // The roving tab stop: the active row if it is still shown, else the first.
  const focusId = rows.some((r) => r.node.task.id === activeId) ? activeId : (rows[0]?.node.task.id ?? null);

  const setExpanded = (id: string, expanded: boolean) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (expanded) next.delete(id);
      else next.add(id);
      return next;
    });

  const activate = (id: string, focusRow: boolean) => {
    setActiveId(id);
    if (focusRow) document.getElementById(rowDomId(id))?.focus();
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
        runAction(messenger, 'open', task.id);
        break;
      case 'Delete':
        runAction(messenger, 'delete', task.id);
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
          ui={ui[row.node.task.id]}
          live={live[row.node.task.id]}
          now={now}
          focusable={row.node.task.id === focusId}
          selected={row.node.task.id === (activeId ?? focus)}
          expanded={row.node.children.length > 0 ? !collapsed.has(row.node.task.id) : undefined}
          onToggle={(expanded) => setExpanded(row.node.task.id, expanded)}
          onActivate={() => activate(row.node.task.id, false)}
          onKeyDown={(event) => onKeyDown(event, index)}
        />
      ))}
    </div>
  );
}

export interface TaskRowProps {
  row: Row;
  ui: TaskUiState | undefined;
  live: LiveState | undefined;
  now: number;
  focusable: boolean;
  selected: boolean;
  expanded: boolean | undefined;
  onToggle: (expanded: boolean) => void;
  onActivate: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
}

/**
 * The row's action slots, left to right. Each slot keeps its place whether or not its action
 * applies now; Stop and Resume share the first (a task is never both running and paused).
 */
const SLOTS: readonly (readonly { action: UserAction; icon: string; label: (title: string) => string }[])[] = [
  [
    { action: 'stop', icon: 'debug-stop', label: (t) => `Stop “${t}”` },
    { action: 'resume', icon: 'debug-continue', label: (t) => `Resume “${t}”` },
  ],
  [{ action: 'delegate', icon: 'type-hierarchy-sub', label: (t) => `Delegate a subtask of “${t}”…` }],
  [{ action: 'abandon', icon: 'circle-slash', label: (t) => `Abandon “${t}”…` }],
  [{ action: 'delete', icon: 'trash', label: (t) => `Delete “${t}”…` }],
];

export function TaskRow({ row, ui, live, now, focusable, selected, expanded, onToggle, onActivate, onKeyDown }: TaskRowProps) {
  const messenger = useMessenger();
  const { task } = row.node;
  const status = presentStatus(task, ui, live, now);
  const title = task.title.trim() || 'Untitled task';
  // Set through the CSSOM by React, which the CSP allows (unlike a style attribute in markup).
  const indent = { '--depth': row.depth } as CSSProperties;
  const tab = focusable ? 0 : -1;
  const tooltip = [title, status.detail ?? status.label, task.goal.trim() !== title ? task.goal : ''].filter(Boolean).join('\n\n');

  return (
    <div
      id={rowDomId(task.id)}
      className={`task-row${task.status === 'abandoned' ? ' is-muted' : ''}${status.tone === 'attention' ? ' needs-you' : ''}`}
      style={indent}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-setsize={row.setSize}
      aria-posinset={row.position}
      aria-expanded={expanded}
      aria-selected={selected}
      aria-label={`${title}, ${status.label}${row.depth > 0 ? (row.background ? ', background subtask' : ', subtask') : ''}`}
      aria-description={status.detail}
      data-task-id={task.id}
      data-vscode-context={rowContext(task.id, ui)}
      tabIndex={tab}
      title={tooltip}
      onClick={(event) => {
        onActivate();
        if (!(event.target as HTMLElement).closest('button')) runAction(messenger, 'open', task.id, { preview: true });
      }}
      onDoubleClick={(event) => {
        if (!(event.target as HTMLElement).closest('button')) runAction(messenger, 'open', task.id);
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
      {row.background && (
        <span className="task-tag" aria-hidden="true" title="Runs in the background: its parent carries on and hears its outcome at its next turn.">
          background
        </span>
      )}
      <span className={`task-status tone-${status.tone}`} aria-hidden="true">
        {status.label}
      </span>
      <span className="row-actions">
        {SLOTS.map((slot, i) => {
          const action = slot.find((a) => ui?.actions[a.action].allowed);
          if (!action) return <span key={i} className="action-slot" aria-hidden="true" />;
          return (
            <IconButton
              key={i}
              className="action-slot"
              icon={action.icon}
              label={action.label(title)}
              tabIndex={tab}
              onClick={() => runAction(messenger, action.action, task.id)}
            />
          );
        })}
      </span>
    </div>
  );
}

/**
 * Scrolls the view just enough to show the row. Not `scrollIntoView`: from inside a webview it
 * can scroll the workbench around the view too, shifting VS Code's whole window.
 */
function revealRow(taskId: string): void {
  const row = document.getElementById(rowDomId(taskId));
  if (!row) return;
  const { top, bottom } = row.getBoundingClientRect();
  if (top < 0) window.scrollBy({ top: top - 4 });
  else if (bottom > window.innerHeight) window.scrollBy({ top: bottom - window.innerHeight + 4 });
}

function rowDomId(taskId: string): string {
  return `task-row-${taskId}`;
}

function flatten(nodes: readonly TaskNode[], collapsed: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  const walk = (list: readonly TaskNode[], depth: number, parent: TaskNode | null) => {
    list.forEach((node, i) => {
      rows.push({ node, depth, parentId: parent?.task.id ?? null, setSize: list.length, position: i + 1, background: runsInBackground(node.task, parent?.task) });
      if (!collapsed.has(node.task.id)) walk(node.children, depth + 1, node);
    });
  };
  walk(nodes, 0, null);
  return rows;
}
