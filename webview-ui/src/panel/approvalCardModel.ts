/**
 * What the approval card shows for an approval, worked out apart from React so it is tested
 * in plain Node: the command or path through `formatForApproval` (the notification uses the
 * same), how long it is, its warning and the engine's caution.
 */
import { formatForApproval, type ApprovalText } from '../../../src/shared/approvalText';
import type { ApprovalView } from '../../../src/shared/protocol';

export interface ApprovalCardModel {
  heading: string;
  /** The command (or the path written), escaped and split into lines. */
  target: ApprovalText;
  /** "3 lines", or with a scroll hint when it is longer than the card; undefined for one line. */
  size: string | undefined;
  /** What is hidden or unusual in the target (`ApprovalText.warning`). */
  warning: string | undefined;
  /** Why this always asks (from the engine), escaped like the target. */
  caution: string | undefined;
  allowTaskLabel: string;
  hasDiff: boolean;
}

/** `askedBy`: the title of the subtask that asks, when the card is shown in another task's panel. */
export function approvalCardModel(approval: ApprovalView, askedBy?: string): ApprovalCardModel {
  const write = approval.kind === 'write';
  const target = formatForApproval((write ? approval.path : approval.command) ?? approval.summary);
  const size = target.long
    ? `${target.lineCount === 1 ? `${target.text.length} characters` : `${target.lineCount} lines`}: scroll to read all of it`
    : target.lineCount > 1
      ? `${target.lineCount} lines`
      : undefined;
  return {
    heading: `${askedBy === undefined ? 'The task' : `Subtask “${formatForApproval(askedBy).inline}”`} wants to ${write ? 'write a file' : 'run a command'}`,
    target,
    size,
    warning: target.warning,
    caution: approval.caution === undefined ? undefined : formatForApproval(approval.caution).inline,
    allowTaskLabel: `Allow every ${write ? 'write' : 'command'} for this task`,
    hasDiff: approval.hasDiff,
  };
}
