/** A toolbar-style icon button, as in VS Code's own views: the label is its tooltip and its name. */
import type { MouseEvent } from 'react';

interface IconButtonProps {
  icon: string;
  label: string;
  onClick: (event: MouseEvent<HTMLButtonElement>) => void;
  disabled?: boolean;
  tabIndex?: number;
  pressed?: boolean;
  className?: string;
}

export function IconButton({ icon, label, onClick, disabled, tabIndex, pressed, className = '' }: IconButtonProps) {
  return (
    <button
      type="button"
      className={`icon-button ${className}`}
      aria-label={label}
      title={label}
      onClick={onClick}
      disabled={disabled}
      tabIndex={tabIndex}
      aria-pressed={pressed}
    >
      <span className={`codicon codicon-${icon}`} aria-hidden="true" />
    </button>
  );
}
