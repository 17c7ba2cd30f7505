import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './client/client';
import { App } from './components/app';
import { StoreProvider } from './store/context';
import { createAppStore } from './store/store';
// In cascade order: later files may refine earlier ones.
import './styles/base.css';
import './styles/editor.css';
import './styles/columns.css';
import './styles/strategies.css';
import './styles/dialogs.css';
import './styles/wire.css';
import './styles/keys.css';
import './styles/models.css';
import './styles/compare.css';
import './styles/pipelines.css';
import './styles/evaluation.css';
import './styles/finish.css';

const store = createAppStore(createClient());
// The last session's workspace (autosaved by the host) and the saved theme.
void store.getState().startWorkspace();
void store.getState().loadSettings();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
