import { Draft, refuse, withOwnUsage } from '../draft';
import type { AwaitUserCommand, HeartbeatCommand, RecordProgressCommand, StartCommand } from '../types';

/** Takes (or refreshes) the lease; refused while another live window holds it. */
export function start(draft: Draft, cmd: StartCommand): void {
  const task = draft.get(cmd.taskId);
  if (task.status !== 'active') {
    refuse('invalid_transition', `"${task.title}" is ${task.status}; only an open task can run.`, task.id);
  }
  if (task.awaitingUser) {
    refuse('invalid_transition', `"${task.title}" is waiting for your answer.`, task.id);
  }
  const lease = task.lease;
  if (lease && lease.ownerId !== cmd.ownerId && draft.now - lease.heartbeatAt < cmd.leaseTtlMs) {
    refuse('lease_held', `"${task.title}" is running in another window.`, task.id);
  }
  if (lease?.ownerId === cmd.ownerId && lease.heartbeatAt === draft.now) return;
  draft.patch(task.id, { lease: { ownerId: cmd.ownerId, heartbeatAt: draft.now } });
}

export function heartbeat(draft: Draft, cmd: HeartbeatCommand): void {
  const task = draft.get(cmd.taskId);
  if (task.status !== 'active' || task.lease?.ownerId !== cmd.ownerId) {
    refuse('not_lease_owner', `This window no longer runs "${task.title}".`, task.id);
  }
  for (const id of new Set([task.id, ...(cmd.more ?? [])])) {
    const t = draft.find(id);
    if (!t || t.rootId !== task.rootId || t.status !== 'active' || t.lease?.ownerId !== cmd.ownerId || t.lease.heartbeatAt >= draft.now) continue;
    draft.patch(id, { lease: { ownerId: cmd.ownerId, heartbeatAt: draft.now } });
  }
}

export function recordProgress(draft: Draft, cmd: RecordProgressCommand): void {
  const task = draft.get(cmd.taskId);
  if (task.status !== 'active') {
    refuse('invalid_transition', `"${task.title}" is ${task.status}; progress is recorded only while it is open.`, task.id);
  }
  const checkpoint = cmd.checkpoint;
  const isNewCheckpoint = checkpoint && !task.checkpoints.some((c) => c.at === checkpoint.at && c.summary === checkpoint.summary);
  const usageChanged = cmd.ownUsage !== undefined && JSON.stringify(cmd.ownUsage) !== JSON.stringify(task.ownUsage);
  if (!usageChanged && !isNewCheckpoint) return;
  draft.patch(task.id, {
    ...withOwnUsage(task, cmd.ownUsage),
    ...(isNewCheckpoint && { lastCheckpoint: checkpoint, checkpoints: [...task.checkpoints, checkpoint] }),
  });
}

/**
 * A task (a root, or a child) asks the user a question: it stays `active` but stops running
 * until answered. A child's parent keeps waiting for it meanwhile.
 */
export function awaitUser(draft: Draft, cmd: AwaitUserCommand): void {
  const task = draft.get(cmd.taskId);
  if (task.awaitingUser?.toolCallId === cmd.toolCallId) return;
  if (task.status !== 'active') {
    refuse('invalid_transition', `"${task.title}" is ${task.status}; only an open task can ask.`, task.id);
  }
  draft.patch(task.id, { awaitingUser: { toolCallId: cmd.toolCallId, question: cmd.question }, lease: null });
}
