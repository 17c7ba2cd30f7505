import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A native modal `<dialog>`, open while mounted: focus is trapped and returned by the browser,
 * Esc closes it (calling `onClose`), and the page behind is inert.
 */
export function ModalDialog({
  label,
  className,
  onClose,
  children,
}: {
  /** The dialog's accessible name. */
  label: string;
  /** Besides the shared `paste-dialog` look. */
  className?: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className={className ? `paste-dialog ${className}` : 'paste-dialog'}
      aria-label={label}
      onClose={onClose}
    >
      {children}
    </dialog>
  );
}
