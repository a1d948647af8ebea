/**
 * What the public API needs of Baton's runtime. The orchestrator and the store provide it
 * (src/host/api/apiRuntime.ts wires them); tests provide it from a runtime in plain Node.
 */
import type { AgentEvent } from '../shared/events';
import type { ModelRoute, TaskRecord } from '../shared/task';

export interface ApiDisposable {
  dispose(): void;
}

export interface NewApiTask {
  goal: string;
  /** Default: the goal's first line. */
  title?: string;
  modelRoute: ModelRoute;
  /** An external agent by id, when the caller named one. */
  agent?: string;
}

export interface ApiRuntime {
  task(taskId: string): TaskRecord | undefined;
  /** Whether this window is running the task now. */
  isRunning(taskId: string): boolean;
  /** Every event this window's tasks emit, as they are journaled. */
  onEvent(listener: (event: AgentEvent) => void): ApiDisposable;
  /** Every change of the task records, this window's and other windows'. */
  onDidChange(listener: (change: { changed: readonly TaskRecord[]; removed: readonly string[] }) => void): ApiDisposable;
  /**
   * The task's journal, every entry in append order: at least everything journaled before the
   * call, and perhaps some entries journaled while it reads.
   */
  readTranscript(taskId: string): Promise<unknown[]>;
  /** The model route of new tasks, from the settings. */
  defaultRoute(): ModelRoute;
  /** Creates and starts a root task in this window (refuses agents it cannot run). */
  createTask(input: NewApiTask): Promise<TaskRecord>;
  /** Baton's Stop. */
  stop(taskId: string): Promise<unknown>;
  /** Resolves once this window no longer runs the task. */
  settled(taskId: string): Promise<void>;
}
