/**
 * A parent's open children, live, side by side: per child its status (Queued, Retrying k/n,
 * Stalled, Needs you… from the one presentation), the last lines it streamed, its question when
 * it asks one (answered here), and the actions the host allows on it. Which actions show is the
 * host's (the lifecycle's) answer; each runs its command.
 */
import { memo, useState } from 'react';
import type { UserAction } from '../../../src/shared/protocol';
import { presentStatus } from '../../../src/shared/taskStatus';
import { StatusIcon } from '../components/StatusIcon';
import { VscodeButton } from '../components/toolkit';
import { useNow } from '../components/useNow';
import { runAction, useMessenger } from '../messenger';
import type { ChildCard } from './childCards';
import { MessageForm } from './MessageForm';

const CHILD_ACTIONS: readonly { action: UserAction; label: string; icon: string; secondary: boolean; form?: true }[] = [
  { action: 'stop', label: 'Stop', icon: 'debug-stop', secondary: true },
  { action: 'resume', label: 'Resume', icon: 'debug-continue', secondary: false },
  { action: 'resumeWithMessage', label: 'Resume with a message…', icon: 'comment-discussion', secondary: true, form: true },
  { action: 'abandon', label: 'Abandon…', icon: 'circle-slash', secondary: true },
];

export const ChildrenGrid = memo(function ChildrenGrid({ cards, waiting }: { cards: readonly ChildCard[]; waiting: boolean }) {
  const now = useNow(cards.some((c) => c.live?.kind === 'retrying'));
  // The region keeps its name while the parent waits (what it waits on), as before fan-out.
  const label = waiting ? 'Waiting on subtask' : 'Subtasks';
  return (
    <section className="children-grid" role="region" aria-label={label}>
      <h2 className="children-heading">{waiting ? `Waiting on ${cards.length === 1 ? 'a subtask' : `${cards.length} subtasks`}` : `${cards.length === 1 ? 'A subtask runs' : `${cards.length} subtasks run`} in the background`}</h2>
      <div className="children-cards">
        {cards.map((card) => (
          <ChildCardView key={card.id} card={card} now={now} />
        ))}
      </div>
    </section>
  );
});

type OpenForm = 'answer' | 'resumeWithMessage' | null;

function ChildCardView({ card, now }: { card: ChildCard; now: number }) {
  const messenger = useMessenger();
  const [form, setForm] = useState<OpenForm>(null);
  if (!card.task) {
    return (
      <article className="child-card" role="status">
        <span className="codicon codicon-type-hierarchy-sub" aria-hidden="true" /> Subtask {card.id} (not loaded).
      </article>
    );
  }
  const task = card.task;
  const status = presentStatus(task, card.ui, card.live, now);
  const title = task.title.trim() || 'Untitled task';
  const allowed = (action: UserAction) => card.ui?.actions[action].allowed === true;
  const question = task.awaitingUser?.question;
  const canAnswer = question !== undefined && allowed('message');
  // A form whose action is no longer allowed (the child moved on) closes.
  const shown = form === 'answer' ? (canAnswer ? form : null) : form === 'resumeWithMessage' && allowed('resumeWithMessage') ? form : null;
  return (
    <article className={`child-card tone-border-${status.tone}`} aria-label={`Subtask ${title}`}>
      <header className="child-head">
        <span className="child-title" title={task.goal}>
          {title}
        </span>
        <span className={`child-status tone-${status.tone}`} title={status.detail}>
          <StatusIcon status={status} /> {status.label}
        </span>
      </header>
      {card.tail ? (
        <pre className="child-tail" aria-label={`Last output of ${title}`}>
          {card.tail}
        </pre>
      ) : (
        <p className="child-tail muted">{task.status === 'active' ? 'No output yet.' : 'No output in this window yet.'}</p>
      )}
      {question !== undefined && (
        <p className="child-question">
          <span className="codicon codicon-comment-discussion" aria-hidden="true" /> {question}
        </p>
      )}
      <div className="child-actions">
        <VscodeButton secondary icon="go-to-file" title={`Open subtask ${title}`} onClick={() => runAction(messenger, 'open', task.id)} aria-label={`Open subtask ${title}`}>
          Open
        </VscodeButton>
        {canAnswer && (
          <VscodeButton icon="reply" aria-label={`Answer subtask ${title}`} aria-expanded={shown === 'answer'} onClick={() => setForm((f) => (f === 'answer' ? null : 'answer'))}>
            Answer…
          </VscodeButton>
        )}
        {CHILD_ACTIONS.filter((a) => allowed(a.action)).map((a) => {
          const name = `${a.label.replace('…', '')} subtask ${title}`;
          return (
            <VscodeButton
              key={a.action}
              secondary={a.secondary}
              icon={a.icon}
              title={name}
              aria-label={name}
              aria-expanded={a.form ? shown === a.action : undefined}
              onClick={() => (a.form ? setForm((f) => (f === a.action ? null : 'resumeWithMessage')) : runAction(messenger, a.action, task.id))}
            >
              {a.label}
            </VscodeButton>
          );
        })}
      </div>
      {shown === 'answer' && <MessageForm taskId={task.id} action="message" label={`Answer to ${title}`} submit="Answer" onDone={() => setForm(null)} />}
      {shown === 'resumeWithMessage' && (
        <MessageForm taskId={task.id} action="resumeWithMessage" label={`Message for ${title} when it resumes`} submit="Resume" onDone={() => setForm(null)} />
      )}
    </article>
  );
}
