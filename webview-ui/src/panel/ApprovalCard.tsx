/** A write or a command waiting for the user's word, inline in the panel. */
import { memo } from 'react';
import type { ApprovalChoice, ApprovalView } from '../../../src/shared/protocol';
import { VscodeButton } from '../components/toolkit';
import { postToHost } from '../vscodeApi';

export const ApprovalCard = memo(function ApprovalCard({ approval }: { approval: ApprovalView }) {
  const decide = (decision: ApprovalChoice) => postToHost({ type: 'approve', approvalId: approval.id, decision });
  const what = approval.kind === 'write' ? 'write a file' : 'run a command';
  return (
    <section className="approval-card" role="alertdialog" aria-label={`Approval needed: the task wants to ${what}`}>
      <h3>
        <span className="codicon codicon-shield" aria-hidden="true" /> The task wants to {what}
      </h3>
      {approval.kind === 'write' ? <code className="approval-target">{approval.path ?? approval.summary}</code> : <pre className="plain-output approval-target">{approval.command ?? approval.summary}</pre>}
      <div className="button-row">
        <VscodeButton icon="check" onClick={() => decide('allow_once')} aria-label="Allow once">
          Allow once
        </VscodeButton>
        <VscodeButton secondary icon="check-all" onClick={() => decide('allow_task')} aria-label={`Allow every ${approval.kind === 'write' ? 'write' : 'command'} for this task`}>
          Allow for this task
        </VscodeButton>
        <VscodeButton secondary icon="close" onClick={() => decide('deny')} aria-label="Deny">
          Deny
        </VscodeButton>
        {approval.hasDiff && (
          <VscodeButton secondary icon="diff" onClick={() => postToHost({ type: 'showDiff', approvalId: approval.id })} aria-label="Show diff in the diff editor">
            Show diff
          </VscodeButton>
        )}
      </div>
    </section>
  );
});
