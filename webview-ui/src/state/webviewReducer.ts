/**
 * The webview's one state owner: a pure reducer over the host's messages and a few local UI
 * actions. The host is the source of truth; this mirrors it (a snapshot replaces everything,
 * deltas patch it) and folds the panel's transcript.
 */
import {
  CHILD_TAIL_CHARS,
  DEFAULT_FILTER,
  PROTOCOL_VERSION,
  type ApprovalView,
  type HostToWebviewMessage,
  type LiveState,
  type TaskFilter,
  type TaskUiState,
  type UiSettings,
  type ViewKind,
  type WorkspaceInfo,
} from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';
import { appendEvents, emptyTranscript, type TranscriptState } from './transcript';

export interface PanelState {
  readonly taskId: string;
  readonly transcript: TranscriptState;
  /** Transcript items the user expanded (reasoning, tool cards) or collapsed, by item key. */
  readonly expanded: Readonly<Record<string, boolean>>;
  /** The last output of each child of the task (at most CHILD_TAIL_CHARS each), by child id. */
  readonly tails: Readonly<Record<string, string>>;
  /** A restored page shows the end of the transcript it saved: items before it are still to come. */
  readonly earlier?: boolean;
}

export interface WebviewState {
  /**
   * `connecting` until the first snapshot; `restored` while the page shows what it showed before
   * a reload (the saved end of the transcript, read-only; no deltas applied) until that snapshot; `incompatible` when the
   * host speaks another protocol.
   */
  readonly phase: 'connecting' | 'restored' | 'ready' | 'incompatible';
  readonly view: ViewKind | null;
  readonly tasks: Readonly<Record<string, TaskRecord>>;
  /** Sidebar: older roots are not listed yet ("Show older tasks" asks the host for them). */
  readonly olderTasks: boolean;
  /** How each task stands and what the user may do with it, as the host (the lifecycle) says. */
  readonly ui: Readonly<Record<string, TaskUiState>>;
  readonly workspace: WorkspaceInfo | null;
  readonly storeError: string | null;
  readonly settings: UiSettings | null;
  readonly live: Readonly<Record<string, LiveState>>;
  readonly filter: TaskFilter;
  readonly approvals: readonly ApprovalView[];
  readonly panel: PanelState | null;
  /** The model new tasks run on (the sidebar's empty state names it). */
  readonly model: string;
  /** The task of the active task panel: the sidebar selects its row. */
  readonly focus: string | null;
}

/** What the UI itself changes (never sent by the host: their types are prefixed `ui/`). */
export type LocalAction = { type: 'ui/setFilter'; filter: TaskFilter } | { type: 'ui/toggle'; key: string; expanded: boolean };

export type WebviewAction = HostToWebviewMessage | LocalAction;

export const initialState: WebviewState = {
  phase: 'connecting',
  view: null,
  tasks: {},
  olderTasks: false,
  ui: {},
  workspace: null,
  storeError: null,
  settings: null,
  live: {},
  filter: DEFAULT_FILTER,
  approvals: [],
  panel: null,
  model: '',
  focus: null,
};

export function webviewReducer(state: WebviewState, action: WebviewAction): WebviewState {
  switch (action.type) {
    case 'snapshot': {
      if (action.protocolVersion !== PROTOCOL_VERSION) return { ...initialState, phase: 'incompatible' };
      const tasks: Record<string, TaskRecord> = {};
      for (const task of action.tasks) tasks[task.id] = task;
      const keepExpanded = state.panel !== null && action.panel !== null && state.panel.taskId === action.panel.taskId;
      return {
        phase: 'ready',
        view: action.view,
        tasks,
        olderTasks: action.olderTasks ?? false,
        ui: action.ui,
        workspace: action.workspace,
        storeError: action.storeError,
        settings: action.settings,
        live: action.live,
        // The filter being typed wins over the stored one when a snapshot re-arrives.
        filter: state.phase === 'ready' ? state.filter : action.filter,
        approvals: action.approvals,
        panel: action.panel && {
          taskId: action.panel.taskId,
          transcript: appendEvents(emptyTranscript, action.panel.transcript),
          expanded: keepExpanded ? state.panel!.expanded : {},
          // A child this window never saw stream (a reload) keeps the tail the page last showed.
          tails: { ...(keepExpanded || state.phase === 'restored' ? state.panel?.tails : undefined), ...action.panel.tails },
        },
        model: action.model,
        focus: action.focus,
      };
    }
    case 'tasksChanged': {
      // A delta only means something on top of a snapshot.
      if (state.phase !== 'ready') return state;
      const tasks: Record<string, TaskRecord> = { ...state.tasks };
      for (const task of action.changed) {
        const held = tasks[task.id];
        // Revisions only grow; an older copy arriving late must not undo a newer one.
        if (held && held.revision > task.revision) continue;
        tasks[task.id] = task;
      }
      const ui: Record<string, TaskUiState> = { ...state.ui, ...action.ui };
      for (const id of action.removed) {
        delete tasks[id];
        delete ui[id];
      }
      return { ...state, tasks, ui };
    }
    case 'liveChanged': {
      if (state.phase !== 'ready') return state;
      const live: Record<string, LiveState> = { ...state.live };
      for (const [id, value] of Object.entries(action.states)) {
        if (value) live[id] = value;
        else delete live[id];
      }
      return { ...state, live };
    }
    case 'transcriptAppend': {
      const panel = state.panel;
      if (state.phase !== 'ready' || panel === null || panel.taskId !== action.taskId) return state;
      return { ...state, panel: { ...panel, transcript: appendEvents(panel.transcript, action.events) } };
    }
    case 'childTails': {
      const panel = state.panel;
      if (state.phase !== 'ready' || panel === null) return state;
      const tails: Record<string, string> = { ...panel.tails };
      for (const [id, delta] of Object.entries(action.tails)) tails[id] = ((tails[id] ?? '') + delta).slice(-CHILD_TAIL_CHARS);
      return { ...state, panel: { ...panel, tails } };
    }
    case 'approvalRequested': {
      if (state.phase !== 'ready') return state;
      const others = state.approvals.filter((a) => a.id !== action.approval.id);
      return { ...state, approvals: [...others, action.approval] };
    }
    case 'approvalResolved':
      return { ...state, approvals: state.approvals.filter((a) => a.id !== action.approvalId) };
    case 'focus':
      return { ...state, focus: action.taskId };
    case 'ui/setFilter':
      return { ...state, filter: action.filter };
    case 'ui/toggle':
      if (!state.panel) return state;
      return { ...state, panel: { ...state.panel, expanded: { ...state.panel.expanded, [action.key]: action.expanded } } };
  }
}
