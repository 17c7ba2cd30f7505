import { useAppStore } from '../store/context';
import { ModalDialog } from './modal-dialog';

const VERSION_LABELS: [string, string][] = [
  ['electron', 'Electron'],
  ['chrome', 'Chrome'],
  ['node', 'Node'],
  ['v8', 'V8'],
];

/** App name and version, the runtime versions from `app:info`, the host and the data folder. */
export function AboutDialog() {
  const info = useAppStore((s) => s.appInfo);
  const error = useAppStore((s) => s.appInfoError);
  const close = useAppStore((s) => s.closeAbout);
  const exportDiagnostics = useAppStore((s) => s.exportDiagnostics);
  return (
    <ModalDialog label="About Rerank Studio" className="about-dialog" onClose={close}>
      <h2>About Rerank Studio</h2>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {info && (
        <dl className="about-facts">
          <dt>Version</dt>
          <dd>
            {info.name} {info.version}
          </dd>
          {VERSION_LABELS.filter(([key]) => info.versions[key]).map(([key, label]) => (
            <div key={key} className="about-row">
              <dt>{label}</dt>
              <dd>{info.versions[key]}</dd>
            </div>
          ))}
          <dt>Host</dt>
          <dd>
            {info.host} on {info.platform} ({info.arch})
          </dd>
          <dt>Data folder</dt>
          <dd>
            <code>{info.dataDir}</code>
          </dd>
        </dl>
      )}
      <div className="button-row end">
        <button type="button" onClick={() => void exportDiagnostics()}>
          Export diagnostics
        </button>
        <button type="button" className="primary" onClick={close}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
