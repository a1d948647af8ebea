/**
 * What a task panel keeps across page loads (a Reload Window): its task id (for the serializer),
 * the last task tree it showed and the end of its transcript, so the header, the status and the
 * last messages show at once while the host sends the rest, instead of a blank page. Validated on
 * the way back in, like any input.
 */
import { z } from 'zod';
import { CHILD_TAIL_CHARS, PROTOCOL_VERSION, TaskUiState, UiSettings } from '../../../src/shared/protocol';
import { TaskRecord } from '../../../src/shared/task';
import type { PVec } from './pvec';
import { restoredTranscript, savedTranscriptOf } from './savedTranscript';
import { emptyTranscript, type TranscriptItem } from './transcript';
import { initialState, type WebviewState } from './webviewReducer';

const PageState = z.object({
  taskId: z.string().min(1).max(64),
  protocolVersion: z.number(),
  tasks: z.array(TaskRecord),
  ui: z.record(z.string(), TaskUiState),
  settings: UiSettings.nullable(),
  /** The children's last output, so a reload shows it before (or without) new output. */
  tails: z.record(z.string(), z.string().max(CHILD_TAIL_CHARS)).optional(),
  /** The end of the transcript (a SavedTranscript), parsed on its own so a bad one is dropped alone. */
  transcript: z.unknown().optional(),
  /** Transcript cards the user expanded or collapsed, by item key (the keys are the same after a reload). */
  expanded: z.record(z.string().max(32), z.boolean()).optional(),
});
export type PageState = z.infer<typeof PageState>;

/** What to keep of a panel's state; undefined until it shows a snapshot. */
export function pageStateOf(
  state: Pick<WebviewState, 'phase' | 'tasks' | 'ui' | 'settings'> & {
    taskId: string | undefined;
    tails?: Readonly<Record<string, string>>;
    transcript?: PVec<TranscriptItem>;
    expanded?: Readonly<Record<string, boolean>>;
  },
): PageState | undefined {
  if (state.taskId === undefined || state.phase !== 'ready') return undefined;
  return {
    taskId: state.taskId,
    protocolVersion: PROTOCOL_VERSION,
    tasks: Object.values(state.tasks),
    ui: { ...state.ui },
    settings: state.settings,
    tails: { ...state.tails },
    transcript: state.transcript && savedTranscriptOf(state.transcript),
    expanded: state.expanded && { ...state.expanded },
  };
}

/** The state to start from: the last content shown (marked as restored), or nothing yet. */
export function restoredState(saved: unknown): WebviewState {
  const parsed = PageState.safeParse(saved);
  if (!parsed.success || parsed.data.protocolVersion !== PROTOCOL_VERSION) return initialState;
  const { taskId, tasks, ui, settings, tails, expanded } = parsed.data;
  if (!tasks.some((t) => t.id === taskId)) return initialState;
  const restored = restoredTranscript(parsed.data.transcript);
  return {
    ...initialState,
    phase: 'restored',
    view: 'panel',
    tasks: Object.fromEntries(tasks.map((t) => [t.id, t])),
    ui,
    settings,
    panel: { taskId, transcript: restored?.transcript ?? emptyTranscript, expanded: expanded ?? {}, tails: tails ?? {}, earlier: restored?.earlier ?? false },
  };
}
