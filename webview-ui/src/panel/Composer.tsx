/** A message to a task: a follow-up to a root, or the answer to a task's (or subtask's) question. */
import { useState, type KeyboardEvent, memo } from 'react';
import { MAX_MESSAGE_LENGTH } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';
import { IconButton } from '../components/IconButton';
import { VscodeTextarea } from '../components/toolkit';
import { runAction, useMessenger } from '../messenger';

export const Composer = memo(function Composer({ task }: { task: TaskRecord }) {
  const messenger = useMessenger();
  const [text, setText] = useState('');
  const question = task.awaitingUser?.question;
  const placeholder = question ? 'Your answer (Enter sends, Shift+Enter for a new line)' : task.status === 'completed' ? 'Send a follow-up…' : 'Send a message; the task reads it on its next turn…';
  const answerLabel = question ? (task.parentId ? 'Answer the subtask' : 'Answer the task') : 'Message to the task';

  const send = () => {
    if (!text.trim()) return;
    runAction(messenger, 'message', task.id, { text: text.trim() });
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      send();
    }
  };

  return (
    <div className="composer">
      {question && (
        <p className="question" role="status">
          <span className="codicon codicon-comment-discussion" aria-hidden="true" /> {question}
        </p>
      )}
      <div className="composer-row">
        <VscodeTextarea
          className="composer-input"
          rows={2}
          resize="vertical"
          value={text}
          placeholder={placeholder}
          label={answerLabel}
          maxLength={MAX_MESSAGE_LENGTH}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          onKeyDown={onKeyDown}
        />
        <IconButton icon="send" label={question ? 'Send the answer' : 'Send the message'} onClick={send} disabled={!text.trim()} />
      </div>
    </div>
  );
});
