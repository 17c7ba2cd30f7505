import { useEffect } from 'react';
import { installShortcuts } from '../commands/shortcuts';
import { useAppStore, useAppStoreApi } from '../store/context';
import { AboutDialog } from './about-dialog';
import { AppNotice } from './app-notice';
import { CommandPalette } from './command-palette';
import { DropOverlay } from './drop-overlay';
import { ErrorBoundary } from './error-boundary';
import { ReplaceDialog } from './replace-dialog';

/**
 * The window-wide parts of the app: keyboard shortcuts, the theme attribute, focus requests
 * from commands, the notice line, the command palette, About, the unsaved-changes question
 * and the drop overlay.
 */
export function FinishLayer() {
  const store = useAppStoreApi();
  const theme = useAppStore((s) => s.theme);
  const focusRequest = useAppStore((s) => s.focusRequest);
  const paletteOpen = useAppStore((s) => s.paletteOpen);
  const aboutOpen = useAppStore((s) => s.aboutOpen);

  useEffect(() => installShortcuts(store), [store]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    if (focusRequest?.target === 'query') {
      document.querySelector<HTMLTextAreaElement>('.query-input')?.focus();
    }
  }, [focusRequest]);

  return (
    <>
      <AppNotice />
      <ErrorBoundary label="The command palette">{paletteOpen && <CommandPalette />}</ErrorBoundary>
      <ErrorBoundary label="The About dialog">{aboutOpen && <AboutDialog />}</ErrorBoundary>
      <ReplaceDialog />
      <DropOverlay />
    </>
  );
}
