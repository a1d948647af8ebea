/** The "New task" box at the top of the sidebar: Enter (or the + button) posts `newTask`. */
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_GOAL_LENGTH } from '../../../src/shared/protocol';
import { IconButton } from '../components/IconButton';
import { VscodeTextfield } from '../components/toolkit';
import { postToHost } from '../vscodeApi';

export function NewTaskForm({ disabled }: { disabled: boolean }) {
  const [goal, setGoal] = useState('');
  const trimmed = goal.trim();

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (disabled || trimmed === '') return;
    postToHost({ type: 'newTask', goal: trimmed });
    setGoal('');
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form className="new-task" onSubmit={submit} aria-label="New task">
      <VscodeTextfield
        className="new-task-input"
        value={goal}
        onInput={(event) => setGoal((event.target as HTMLInputElement).value)}
        onKeyDown={onKeyDown}
        placeholder="Describe a new task…"
        label="New task goal"
        maxLength={MAX_GOAL_LENGTH}
        disabled={disabled}
      />
      <IconButton icon="add" label="Create task" onClick={() => submit()} disabled={disabled || trimmed === ''} />
    </form>
  );
}
