/**
 * A write or a command waiting for the user's word, inline in the panel of the asking task or
 * of any task of its tree (a parent's panel names the subtask that asks). It shows all of what
 * it approves: hidden characters as marked escapes, every line (scrolling when long, with the
 * line count), a warning when something is hidden, and the engine's caution when this kind of
 * request always asks.
 */
import { memo } from 'react';
import type { ApprovalSegment } from '../../../src/shared/approvalText';
import type { ApprovalChoice, ApprovalView } from '../../../src/shared/protocol';
import { VscodeButton } from '../components/toolkit';
import { useMessenger } from '../messenger';
import { approvalCardModel } from './approvalCardModel';

/** `askedBy`: the title of the subtask that asks, when it is not the panel's own task. */
export const ApprovalCard = memo(function ApprovalCard({ approval, askedBy }: { approval: ApprovalView; askedBy?: string | undefined }) {
  const messenger = useMessenger();
  const decide = (decision: ApprovalChoice) => messenger.post({ type: 'approve', approvalId: approval.id, decision });
  const model = approvalCardModel(approval, askedBy);
  const lines = model.target.lines.map((line, i) => (
    <span key={i} className="approval-line">
      {line.map((segment, j) => (
        <Segment key={j} segment={segment} />
      ))}
      {i < model.target.lines.length - 1 ? '\n' : ''}
    </span>
  ));
  return (
    <section className="approval-card" role="alertdialog" aria-label={`Approval needed: ${model.heading.toLowerCase()}`}>
      <h3>
        <span className="codicon codicon-shield" aria-hidden="true" /> {model.heading}
      </h3>
      {model.caution && (
        <p className="approval-note approval-caution">
          <span className="codicon codicon-info" aria-hidden="true" /> {model.caution}
        </p>
      )}
      {approval.kind === 'write' ? (
        <code className="approval-target">{lines}</code>
      ) : (
        // Focusable, so a long command scrolls from the keyboard too.
        <pre className="plain-output approval-target" tabIndex={0} aria-label={`The command: ${model.target.text}`}>
          {lines}
        </pre>
      )}
      {model.size && <p className="approval-note approval-size">{model.size}</p>}
      {model.warning && (
        <p className="approval-note approval-warning" role="note">
          <span className="codicon codicon-warning" aria-hidden="true" /> {model.warning}
        </p>
      )}
      <div className="button-row">
        <VscodeButton icon="check" onClick={() => decide('allow_once')} aria-label="Allow once">
          Allow once
        </VscodeButton>
        <VscodeButton secondary icon="check-all" onClick={() => decide('allow_task')} aria-label={model.allowTaskLabel}>
          Allow for this task
        </VscodeButton>
        <VscodeButton secondary icon="close" onClick={() => decide('deny')} aria-label="Deny">
          Deny
        </VscodeButton>
        {model.hasDiff && (
          <VscodeButton secondary icon="diff" onClick={() => messenger.post({ type: 'showDiff', approvalId: approval.id })} aria-label="Show diff in the diff editor">
            Show diff
          </VscodeButton>
        )}
      </div>
    </section>
  );
});

/** Plain text as is; an escape marked, so `\x1b` typed in a command and a real ESC differ. */
function Segment({ segment }: { segment: ApprovalSegment }) {
  return segment.kind === 'text' ? <>{segment.text}</> : <span className="approval-escape">{segment.text}</span>;
}
