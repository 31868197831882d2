import type { ShownError } from './errorText';

interface InlineErrorProps {
  error: ShownError | null;
  testId?: string;
  onDismiss?: () => void;
}

/** An error shown where it happened (never a modal), with the host's own words. */
export function InlineError({ error, testId = 'inline-error', onDismiss }: InlineErrorProps) {
  if (!error) return null;
  return (
    <div className="inline-error" role="alert" data-testid={testId} data-error-code={error.code ?? undefined}>
      <span className="inline-error-text">{error.message}</span>
      {onDismiss ? (
        <button
          type="button"
          className="icon-button"
          aria-label="Dismiss error"
          title="Dismiss"
          onClick={onDismiss}
        >
          ×
        </button>
      ) : null}
    </div>
  );
}
