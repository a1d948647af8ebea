/** A task's status as a coloured codicon (decorative: the label beside it carries the meaning). */
import type { StatusPresentation } from '../../../src/shared/taskStatus';

export function StatusIcon({ status, className = '' }: { status: StatusPresentation; className?: string }) {
  return (
    <span
      className={`codicon codicon-${status.icon} status-icon tone-${status.tone}${status.spin ? ' codicon-modifier-spin' : ''} ${className}`}
      aria-hidden="true"
    />
  );
}
