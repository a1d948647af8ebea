/** The "New task" input at the top of the sidebar: Enter (or the + button) posts `createTask`. */
import { useState, type FormEvent } from 'react';
import { MAX_GOAL_LENGTH } from '../../../src/shared/protocol';
import { postToHost } from '../vscodeApi';

export function NewTaskForm({ disabled }: { disabled: boolean }) {
  const [goal, setGoal] = useState('');
  const trimmed = goal.trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (disabled || trimmed === '') return;
    postToHost({ type: 'createTask', goal: trimmed });
    setGoal('');
  };

  return (
    <form className="new-task" onSubmit={submit} aria-label="New task">
      <input
        className="new-task-input"
        type="text"
        value={goal}
        onChange={(event) => setGoal(event.target.value)}
        placeholder="Describe a new task…"
        aria-label="New task goal"
        maxLength={MAX_GOAL_LENGTH}
        disabled={disabled}
      />
      <button
        className="icon-button"
        type="submit"
        aria-label="Create task"
        title="Create task"
        disabled={disabled || trimmed === ''}
      >
        <span className="codicon codicon-add" aria-hidden="true" />
      </button>
    </form>
  );
}
