/** Entry of the sidebar webview bundle (dist/webview.js; its CSS lands in dist/webview.css). */
import '@vscode/codicons/dist/codicon.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
