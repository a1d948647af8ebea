/**
 * A render error must not leave a blank view: React unmounts the whole tree on an uncaught
 * error, so the page says what went wrong instead (and logs it to the webview's console).
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('[baton] the view failed to render:', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <p className="notice notice-error" role="alert">
        Baton could not show this view: {this.state.error.message}. Run “Developer: Reload Window”, and see the Baton log if it happens again.
      </p>
    );
  }
}
