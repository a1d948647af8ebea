/** A message for a task, sent with the command of an action: the answer to its question, or Resume with a message. */
import { useRef, useState, type ComponentRef, type FormEvent } from 'react';
import type { UserAction } from '../../../src/shared/protocol';
import { VscodeButton, VscodeTextarea } from '../components/toolkit';
import { runAction, useMessenger } from '../messenger';

export function MessageForm({ taskId, action, label, submit, onDone }: { taskId: string; action: UserAction; label: string; submit: string; onDone: () => void }) {
  const messenger = useMessenger();
  const [text, setText] = useState('');
  const field = useRef<ComponentRef<typeof VscodeTextarea>>(null);
  const send = (event?: FormEvent) => {
    event?.preventDefault();
    // What the field holds now (an input event may not have reached the state yet).
    const message = (field.current?.value ?? text).trim();
    if (!message) return;
    runAction(messenger, action, taskId, { text: message });
    onDone();
  };
  return (
    <form className="inline-form" onSubmit={send} aria-label={label}>
      <VscodeTextarea ref={field} rows={3} value={text} label={label} placeholder={label} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      <div className="button-row">
        <VscodeButton icon="send" disabled={!text.trim()} onClick={() => send()}>
          {submit}
        </VscodeButton>
        <VscodeButton secondary onClick={onDone}>
          Cancel
        </VscodeButton>
      </div>
    </form>
  );
}
