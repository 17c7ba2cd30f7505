import { useAppStore } from '../store/context';

/** One line saying what the last workspace command or drop did, or what went wrong. */
export function AppNotice() {
  const notice = useAppStore((s) => s.appNotice);
  const dismiss = useAppStore((s) => s.dismissNotice);
  if (!notice) return null;
  return (
    <div className={`banner ${notice.error ? 'error' : 'note'} app-notice`}>
      <span role={notice.error ? 'alert' : 'status'} aria-label="Notice">
        {notice.text}
      </span>
      <button type="button" className="ghost" onClick={dismiss} aria-label="Dismiss notice">
        ×
      </button>
    </div>
  );
}
