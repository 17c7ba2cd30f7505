import { useAppStore } from '../store/context';
import { ColumnsArea } from './columns-area';
import { EditorPanel } from './editor-panel';
import { ErrorBoundary } from './error-boundary';
import { KeysPanel } from './keys-panel';
import { ModelsPanel } from './models-panel';
import { RequestMessages } from './request-messages';
import { Toolbar } from './toolbar';
import { HistoryPanel } from './history-panel';
import { ComparePanel } from './compare-panel';
import { PipelinesPanel } from './pipelines-panel';
import { ExportDialog } from './export-dialog';
import { EvaluationDialog } from './evaluation/evaluation-dialog';
import { FinishLayer } from './finish-layer';

export function App() {
  const keysOpen = useAppStore((s) => s.keysOpen);
  const modelsOpen = useAppStore((s) => s.modelsOpen);
  const historyOpen = useAppStore((s) => s.historyOpen);
  const compareOpen = useAppStore((s) => s.compareOpen);
  const pipelinesOpen = useAppStore((s) => s.pipelinesOpen);
  const exporting = useAppStore((s) => s.exportColumnId !== undefined);

  // Keyboard shortcuts (Ctrl/Cmd+Enter runs, Esc cancels, …) live in FinishLayer.
  return (
    <div className="app">
      <Toolbar />
      <RequestMessages />
      <FinishLayer />
      <main className="workspace">
        <ErrorBoundary label="The editor">
          <EditorPanel />
        </ErrorBoundary>
        <ErrorBoundary label="The result columns">
          <ColumnsArea />
        </ErrorBoundary>
      </main>
      {keysOpen && (
        <ErrorBoundary label="The Keys panel">
          <KeysPanel />
        </ErrorBoundary>
      )}
      {modelsOpen && (
        <ErrorBoundary label="The Models panel">
          <ModelsPanel />
        </ErrorBoundary>
      )}
      {historyOpen && (
        <ErrorBoundary label="The History panel">
          <HistoryPanel />
        </ErrorBoundary>
      )}
      {compareOpen && (
        <ErrorBoundary label="The comparison">
          <ComparePanel />
        </ErrorBoundary>
      )}
      {pipelinesOpen && (
        <ErrorBoundary label="The Pipelines panel">
          <PipelinesPanel />
        </ErrorBoundary>
      )}
      {exporting && (
        <ErrorBoundary label="The export dialog">
          <ExportDialog />
        </ErrorBoundary>
      )}
      <ErrorBoundary label="The Evaluation panel">
        <EvaluationDialog />
      </ErrorBoundary>
    </div>
  );
}
