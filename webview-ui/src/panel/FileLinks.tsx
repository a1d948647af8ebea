/** Files a task wrote, as links that open them in an editor (the host resolves them in the task's folder). */
import { runCommand, useMessenger } from '../messenger';

export function FileLinks({ label, files, taskId }: { label: string; files: readonly string[]; taskId: string }) {
  const messenger = useMessenger();
  if (files.length === 0) return null;
  return (
    <p className="file-list">
      <span className="muted">{label}:</span>{' '}
      {files.map((f) => (
        <button key={f} type="button" className="link-button file-link" title={`Open ${f}`} onClick={() => runCommand(messenger, 'baton.openFile', { taskId, path: f })}>
          <code>{f}</code>
        </button>
      ))}
    </p>
  );
}
