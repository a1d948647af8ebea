/** Delegate a subtask by hand: a goal, and optional context for the child. */
import { useState, type FormEvent } from 'react';
import { MAX_GOAL_LENGTH, MAX_MESSAGE_LENGTH } from '../../../src/shared/protocol';
import { VscodeButton, VscodeTextarea } from '../components/toolkit';
import { runAction, useMessenger } from '../messenger';

export function DelegateForm({ parentId, onDone }: { parentId: string; onDone: () => void }) {
  const messenger = useMessenger();
  const [goal, setGoal] = useState('');
  const [context, setContext] = useState('');

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!goal.trim()) return;
    runAction(messenger, 'delegate', parentId, { goal: goal.trim(), ...(context.trim() && { context: context.trim() }) });
    onDone();
  };

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Delegate a subtask">
      <label className="field">
        <span>Subtask goal</span>
        <VscodeTextarea
          rows={2}
          value={goal}
          label="Subtask goal"
          maxLength={MAX_GOAL_LENGTH}
          placeholder="What should the subtask do?"
          onInput={(e) => setGoal((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <label className="field">
        <span>Context (optional)</span>
        <VscodeTextarea
          rows={2}
          value={context}
          label="Context for the subtask"
          maxLength={MAX_MESSAGE_LENGTH}
          placeholder="Anything the subtask should know"
          onInput={(e) => setContext((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <div className="button-row">
        <VscodeButton icon="type-hierarchy-sub" disabled={!goal.trim()} onClick={() => submit()}>
          Delegate
        </VscodeButton>
        <VscodeButton secondary onClick={onDone}>
          Cancel
        </VscodeButton>
      </div>
    </form>
  );
}
