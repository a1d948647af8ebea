import type { TaskMap } from '../../shared/task';
export function checkInvariants(_tasks: TaskMap): string[] { return []; }
