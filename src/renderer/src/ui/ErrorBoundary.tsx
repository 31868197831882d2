import { Component, type ErrorInfo, type ReactNode } from 'react';

interface ErrorBoundaryState {
  error: Error | null;
}

/** Last line of defence: a render bug shows its message and a reload button, not a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): ErrorBoundaryState {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Doppel Studio renderer crashed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="fatal-screen" role="alert" data-testid="fatal-error">
        <h1>Something went wrong in the studio window</h1>
        <pre>{this.state.error.message}</pre>
        <button type="button" className="primary-button" onClick={() => location.reload()}>
          Reload
        </button>
      </main>
    );
  }
}
