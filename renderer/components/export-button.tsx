import { useAppStore } from '../store/context';

/** The column header's Export button: opens the export dialog for this column's config. */
export function ExportButton({ columnId, label }: { columnId: string; label: string }) {
  const openExport = useAppStore((s) => s.openExport);
  return (
    <button
      type="button"
      className="ghost small"
      onClick={() => void openExport(columnId)}
      aria-haspopup="dialog"
      aria-label={`Export ${label}`}
      title="This column's pipeline in other systems' formats"
    >
      Export
    </button>
  );
}
