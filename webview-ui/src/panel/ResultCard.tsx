/** The end of a transcript: the final result of a completed task, or why it failed. */
import type { TaskRecord } from '../../../src/shared/task';
import { clip } from './toolSummary';
import { Markdown } from './Markdown';

export function ResultCard({ task }: { task: TaskRecord }) {
  if (task.status === 'completed' && task.result) {
    const { summary, filesWritten, artifact } = task.result;
    return (
      <section className="row result-card" aria-label="Result">
        <h3>
          <span className="codicon codicon-pass tone-success" aria-hidden="true" /> Result
        </h3>
        <Markdown source={clip(summary, 50_000).shown} />
        {filesWritten.length > 0 && (
          <p className="file-list">
            <span className="muted">Files written:</span> {filesWritten.map((f) => <code key={f}>{f}</code>)}
          </p>
        )}
        {artifact && <p className="muted">The full result is in artifact {artifact}.</p>}
      </section>
    );
  }
  if (task.status === 'failed' && task.failure) {
    return (
      <section className="row result-card is-error" aria-label="Failure">
        <h3>
          <span className="codicon codicon-error tone-error" aria-hidden="true" /> Failed
        </h3>
        <p>{task.failure.message}</p>
        <p className="muted">Resume tries again from where it stopped.</p>
      </section>
    );
  }
  return null;
}
