// Must come first: in development it installs React Refresh from a module (the inline preamble
// Vite would add is blocked by our CSP); in production builds it is empty.
import '@vitejs/plugin-react/preamble';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { STUDIO_MISSING_MESSAGE, hasStudio } from './studio';
import { ErrorBoundary } from './ui/ErrorBoundary';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

createRoot(container).render(
  <StrictMode>
    <ErrorBoundary>
      {hasStudio() ? (
        <App />
      ) : (
        <main className="fatal-screen" role="alert" data-testid="studio-missing">
          <h1>Doppel Studio cannot start</h1>
          <p>{STUDIO_MISSING_MESSAGE}</p>
        </main>
      )}
    </ErrorBoundary>
  </StrictMode>,
);
