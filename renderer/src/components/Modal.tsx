import { useEffect, useId, useRef, type ReactNode } from 'react'

interface ModalProps {
  title: string
  onClose(): void
  children: ReactNode
  /** The feature's look: the dialog gets `${look}` and its title `${look}-title`. */
  look: string
  /** More classes for the dialog (width, danger styling). */
  className?: string
  testId?: string
}

/**
 * A modal dialog on the native <dialog> element: focus moves into it (to the element marked
 * data-autofocus) and stays there, Escape closes it, and focus returns where it was. Mount it to
 * open, unmount to close.
 */
export function Modal({ title, onClose, children, look, className = '', testId }: ModalProps) {
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
    <dialog ref={ref} className={`${look} ${className}`} aria-labelledby={titleId} data-testid={testId}>
      <h2 id={titleId} className={`${look}-title`}>
        {title}
      </h2>
      {children}
    </dialog>
  )
}
