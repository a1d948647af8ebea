/** The end of a transcript: the final result of a completed task, or why it failed (when no failure notice said it already). */
import type { TaskUiState } from '../../../src/shared/protocol';
import type { TaskRecord } from '../../../src/shared/task';
import { ErrorCard } from './ErrorCard';
import { FileLinks } from './FileLinks';
import { Markdown } from './Markdown';
import { clip } from './toolSummary';

export function ResultCard({ task, ui, failureShown }: { task: TaskRecord; ui: TaskUiState | undefined; failureShown: boolean }) {
  if (task.status === 'completed' && task.result) {
    const { summary, filesWritten, artifact } = task.result;
    return (
      <section className="row result-card" aria-label="Result">
        <h3>
          <span className="codicon codicon-pass tone-success" aria-hidden="true" /> Result
        </h3>
        <Markdown source={clip(summary, 50_000).shown} />
        <FileLinks label="Files written" files={filesWritten} taskId={task.id} />
        {artifact && <p className="muted">The full result is in artifact {artifact}.</p>}
      </section>
    );
  }
  if (task.status === 'failed' && task.failure && !failureShown) return <ErrorCard message={task.failure.message} times={1} task={task} ui={ui} />;
  return null;
}
