/**
 * Which commits rest on their task's transcript, so the store fsyncs that transcript before it
 * commits (transcripts are otherwise batched and never fsynced). The test for the list: would a
 * crash right after the commit, losing the transcript's unsynced tail, make the committed state
 * mean something else when the task's conversation is rebuilt from the transcript?
 *
 *  - delegate: the parent's turn holding the delegate_task call. Lost, the child's result has
 *    no call to answer and reaches the parent as if the user had delegated by hand.
 *  - complete: the turn that produced the result; a root's follow-up continues from it.
 *  - awaitUser: the question; lost, the user's answer arrives as an unrelated message.
 *  - budgetExhausted: the checkpoint and the turns that Continue resumes from.
 *  - fail: the partial turn that Resume (retry) continues from.
 *  - continueSubtask, stopSubtask, awaitChildren: the parent's turn holding the
 *    continue_subtask, stop_subtask or wait_for_subtasks call the outcome or wake answers.
 *
 * Not: interrupt (Stop must be immediate; it never waits on a disk, and a conversation cut
 * there is rebuilt as interrupted anyway), the per-turn bookkeeping (recordProgress, start,
 * heartbeat: counters, and an fsync per turn would slow every turn), and the user's own actions
 * (resume, abandon, follow-up, delete, createRoot: they add nothing the transcript holds;
 * abandon carries the partial work in the command itself).
 */
import type { LifecycleCommand } from '../lifecycle';

export function transcriptBehind(command: LifecycleCommand): string | undefined {
  switch (command.type) {
    case 'delegate':
    case 'continueSubtask':
    case 'stopSubtask':
      return command.parentId;
    case 'awaitChildren':
    case 'complete':
    case 'awaitUser':
    case 'budgetExhausted':
    case 'fail':
      return command.taskId;
    default:
      return undefined;
  }
}
