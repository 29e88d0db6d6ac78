import { useEffect, useId, useRef, type ReactNode } from 'react'

interface ModalProps {
  title: string
  onClose(): void
  children: ReactNode
  /** A class for the dialog (width, danger styling). */
  className?: string
  testId?: string
}

/**
 * A modal dialog on the native <dialog> element: focus moves into it (to the element marked
 * data-autofocus) and stays there, Escape closes it, and focus returns where it was. Mount it to
 * open, unmount to close.
 */
export function Modal({ title, onClose, children, className = '', testId }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const close = useRef(onClose)
  useEffect(() => {
    close.current = onClose
  })
  useEffect(() => {
    const dialog = ref.current
    if (dialog === null) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined
    if (!dialog.open) dialog.showModal()
    // React focuses autoFocus fields before the dialog opens; focus the marked one now.
    dialog.querySelector<HTMLElement>('[data-autofocus="true"]')?.focus()
    const onCancel = (event: Event): void => {
      event.preventDefault()
      close.current()
    }
    dialog.addEventListener('cancel', onCancel)
    return () => {
      dialog.removeEventListener('cancel', onCancel)
      if (dialog.open) dialog.close()
      opener?.focus()
    }
  }, [])
  return (
    <dialog ref={ref} className={`ab-modal ${className}`} aria-labelledby={titleId} data-testid={testId}>
      <h2 id={titleId} className="ab-modal-title">
        {title}
      </h2>
      {children}
    </dialog>
  )
}

/** A destructive or important action, asked once more in plain words. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = false,
  busy = false,
  error,
  onConfirm,
  onClose,
  testId,
  focusConfirm = false,
}: {
  title: string
  children: ReactNode
  confirmLabel: string
  danger?: boolean
  busy?: boolean
  error?: string
  onConfirm(): void
  onClose(): void
  testId?: string
  /** Focus the confirm button (fast actions such as the kill switch) rather than Cancel. */
  focusConfirm?: boolean
}) {
  return (
    <Modal title={title} onClose={onClose} className={danger ? 'ab-modal-danger' : ''} testId={testId}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (!busy) onConfirm()
        }}
      >
        <div className="ab-modal-body">{children}</div>
        {error !== undefined && (
          <p className="ab-modal-error" role="alert" data-testid="dialog-error">
            {error}
          </p>
        )}
        <div className="ab-modal-actions">
          <button type="button" onClick={onClose} data-autofocus={!focusConfirm}>
            Cancel
          </button>
          <button type="submit" className={danger ? 'ab-btn-danger' : 'ab-btn-primary'} disabled={busy} data-autofocus={focusConfirm} data-testid="dialog-confirm">
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  )
}
