import type { TaskRecord } from '../../shared/task';

/** Looks a task up by id (the store, or a map in tests). */
export type TaskLookup = (id: string) => TaskRecord | undefined;
