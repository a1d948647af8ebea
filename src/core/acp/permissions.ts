/**
 * An agent's permission request (`session/request_permission`) as a Baton approval, and the
 * user's decision as the agent's answer. The ACP tool kind says what is asked: edits, deletes
 * and moves are writes, `execute` is a command; anything else (a read, a fetch, a kind the
 * agent does not name) always asks, whatever the auto-approve settings say, because Baton's
 * policy has no rule for it. The answer is always a one-time permission unless the user chose
 * "Allow for this task": the agent never keeps a standing permission Baton's policy did not give.
 */
import { writeCaution } from '../agent/tools/caution';
import type { ApprovalDecision, ApprovalKind, ApprovalRequest } from '../ports/approvals';
import { isInsideFolder, relativeToFolder } from './pathsInFolder';
import type { PermissionOption, RequestPermissionRequest, RequestPermissionResponse } from './protocol';

export type PermissionDecision = ApprovalDecision | 'cancelled';

export function approvalFor(req: RequestPermissionRequest, cwd: string, agentLabel: string): Omit<ApprovalRequest, 'taskId'> {
  const call = req.toolCall;
  const input = (call.rawInput && typeof call.rawInput === 'object' ? call.rawInput : {}) as Record<string, unknown>;
  const diff = (call.content ?? []).flatMap((c) => (c.type === 'diff' ? [c] : []))[0];
  const target = diff?.path ?? call.locations?.[0]?.path ?? str(input.filePath) ?? str(input.file_path) ?? str(input.path);
  const title = call.title ?? call.name ?? call.kind ?? 'a tool';
  switch (call.kind) {
    case 'edit':
    case 'delete':
    case 'move': {
      const rel = target ? relativeToFolder(cwd, target) : undefined;
      const outside = target !== undefined && !isInsideFolder(cwd, target);
      const caution = outside ? `${agentLabel} asks to change a file outside the task's folder, so this always asks.` : rel ? writeCaution(rel) : undefined;
      const verb = call.kind === 'edit' ? 'Write' : call.kind === 'delete' ? 'Delete' : 'Move';
      return {
        kind: 'write',
        summary: `${agentLabel}: ${verb} ${rel ?? title}`,
        ...(rel && { path: rel }),
        ...(caution && { caution }),
        ...(diff && { newContent: diff.newText, ...(diff.oldText != null && { oldContent: diff.oldText }) }),
      };
    }
    case 'execute': {
      const command = str(input.command) ?? (Array.isArray(input.command) ? input.command.join(' ') : undefined) ?? title;
      return { kind: 'command', summary: `${agentLabel}: Run \`${command}\``, command };
    }
    default:
      return {
        kind: 'command',
        summary: `${agentLabel}: ${title}`,
        caution: `${agentLabel} asks for "${call.kind ?? 'an unnamed kind of'}" access, which Baton's settings do not cover, so this always asks.`,
      };
  }
}

/** The approval's kind, for "Allow for this task" memory and the auto-approve settings. */
export function kindOf(req: RequestPermissionRequest): ApprovalKind {
  return req.toolCall.kind === 'edit' || req.toolCall.kind === 'delete' || req.toolCall.kind === 'move' ? 'write' : 'command';
}

/** The agent's answer: the option that grants no more than the decision, or `cancelled`. */
export function answerFor(decision: PermissionDecision, options: readonly PermissionOption[]): RequestPermissionResponse {
  const pick = (...kinds: PermissionOption['kind'][]) => kinds.map((k) => options.find((o) => o.kind === k)).find((o) => o !== undefined);
  let option: PermissionOption | undefined;
  if (decision === 'allow_once') option = pick('allow_once') ?? pick('reject_once', 'reject_always');
  else if (decision === 'allow_task') option = pick('allow_once', 'allow_always');
  else if (decision === 'deny') option = pick('reject_once', 'reject_always');
  return option ? { outcome: { outcome: 'selected', optionId: option.optionId } } : { outcome: { outcome: 'cancelled' } };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
