/** A message to a root task: a follow-up once it is done, or the answer to its question. */
import { useState, type KeyboardEvent, memo } from 'react';
import { MAX_MESSAGE_LENGTH } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';
import { IconButton } from '../components/IconButton';
import { VscodeTextarea } from '../components/toolkit';
import { postToHost } from '../vscodeApi';

export const Composer = memo(function Composer({ task }: { task: TaskRecord }) {
  const [text, setText] = useState('');
  const question = task.awaitingUser?.question;
  const placeholder = question ? 'Your answer (Enter sends, Shift+Enter for a new line)' : task.status === 'completed' ? 'Send a follow-up…' : 'Send a message; the task reads it on its next turn…';

  const send = () => {
    if (!text.trim()) return;
    postToHost({ type: 'followUp', taskId: task.id, text: text.trim() });
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
          label={question ? 'Answer the task' : 'Message to the task'}
          maxLength={MAX_MESSAGE_LENGTH}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          onKeyDown={onKeyDown}
        />
        <IconButton icon="send" label={question ? 'Send the answer' : 'Send the message'} onClick={send} disabled={!text.trim()} />
      </div>
    </div>
  );
});
