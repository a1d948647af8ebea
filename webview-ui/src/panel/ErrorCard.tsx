/**
 * Why a task failed, once (however many Resumes failed the same way), with the ways out: Retry
 * (Resume, when the host allows it), Select Model and Open Settings. The message is Markdown (a
 * provider's error may name a URL or a setting).
 */
import type { TaskUiState } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';
import { VscodeButton } from '../components/toolkit';
import { runAction, runCommand, useMessenger } from '../messenger';
import { Markdown } from './Markdown';
import { clip } from './toolSummary';

export function ErrorCard({ message, times, task, ui }: { message: string; times: number; task: TaskRecord; ui: TaskUiState | undefined }) {
  const messenger = useMessenger();
  const retry = ui?.actions.resume.allowed === true;
  return (
    <section className="row result-card is-error" role="alert" aria-label="Failure">
      <h3>
        <span className="codicon codicon-error tone-error" aria-hidden="true" /> Failed{times > 1 ? ` (${times} times in a row)` : ''}
      </h3>
      <Markdown source={clip(message, 20_000).shown} />
      <div className="button-row">
        {retry && (
          <VscodeButton icon="debug-restart" title="Resume: try again from where it stopped" aria-label="Retry" onClick={() => runAction(messenger, 'resume', task.id)}>
            Retry
          </VscodeButton>
        )}
        <VscodeButton secondary icon="hubot" title="Choose the model new turns use" aria-label="Select Model" onClick={() => runCommand(messenger, 'baton.selectModel')}>
          Select Model
        </VscodeButton>
        <VscodeButton secondary icon="settings-gear" title="Baton's settings" aria-label="Open Settings" onClick={() => runCommand(messenger, 'baton.openSettings')}>
          Open Settings
        </VscodeButton>
      </div>
    </section>
  );
}
