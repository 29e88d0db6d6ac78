import type { ReactNode } from 'react'
import { Modal } from '../../components/Modal'

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
    <Modal title={title} onClose={onClose} look="ab-modal" className={danger ? 'ab-modal-danger' : ''} testId={testId}>
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
