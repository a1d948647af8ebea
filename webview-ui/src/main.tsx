/** Entry of the webview bundle (dist/webview.js, its CSS in dist/webview.css): the sidebar or a task panel. */
import '@vscode/codicons/dist/codicon.css';
import './styles/base.css';
import './styles/sidebar.css';
import './styles/panel.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ErrorBoundary } from './components/ErrorBoundary';
import { PanelApp } from './panel/PanelApp';
import { SidebarApp } from './sidebar/SidebarApp';

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <ErrorBoundary>{container.dataset.view === 'panel' ? <PanelApp /> : <SidebarApp />}</ErrorBoundary>
    </StrictMode>,
  );
}
