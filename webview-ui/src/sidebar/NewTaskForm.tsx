/** The "New task" box at the top of the sidebar: Enter (or the + button) starts a task with that goal. */
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_GOAL_LENGTH } from '../../../src/shared/protocol';
import { IconButton } from '../components/IconButton';
import { VscodeTextarea } from '../components/toolkit';
import { runCommand, useMessenger } from '../messenger';

export function NewTaskForm({ disabled }: { disabled: boolean }) {
  const messenger = useMessenger();
  const [goal, setGoal] = useState('');
  const trimmed = goal.trim();

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (disabled || trimmed === '') return;
    runCommand(messenger, 'baton.newTask', { goal: trimmed });
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
      <VscodeTextarea
        className="new-task-input"
        rows={2}
        resize="vertical"
        value={goal}
        onInput={(event) => setGoal((event.target as HTMLTextAreaElement).value)}
        onKeyDown={onKeyDown}
        placeholder="What should a new task do? (Enter starts it)"
        label="New task goal"
        maxLength={MAX_GOAL_LENGTH}
        disabled={disabled}
      />
      <IconButton icon="add" label="Start the task" onClick={() => submit()} disabled={disabled || trimmed === ''} />
    </form>
  );
}
