import { useEffect, useRef } from 'react'
import type { FeedbackProps } from './types'
import './index.scss'

export type { FeedbackProps }

/** The page's dialog and toast in H5: a modal dialog with real buttons (Esc cancels), a toast read out politely. */
export default function Feedback({ view, elder }: FeedbackProps) {
  const { dialog, toast } = view
  const ok = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (!dialog) return
    ok.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') dialog.answer(false)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [dialog])
  return (
    <>
      {dialog ? (
        <div className={`hx-dialog ${elder ? 'hx-dialog--elder' : ''}`} key={dialog.id}>
          <div className='hx-dialog__mask' onClick={(e) => e.stopPropagation()} />
          <div className='hx-dialog__box' role='alertdialog' aria-modal='true' aria-labelledby={`hx-dialog-${dialog.id}-t`} aria-describedby={`hx-dialog-${dialog.id}-c`}>
            <div className='hx-dialog__title' id={`hx-dialog-${dialog.id}-t`}>{dialog.title}</div>
            <div className='hx-dialog__content' id={`hx-dialog-${dialog.id}-c`}>{dialog.content}</div>
            <div className='hx-dialog__foot'>
              <button type='button' className='hx-dialog__cancel' onClick={() => dialog.answer(false)}>{dialog.cancelText}</button>
              <button type='button' className='hx-dialog__confirm' ref={ok} onClick={() => dialog.answer(true)}>{dialog.confirmText}</button>
            </div>
          </div>
        </div>
      ) : null}
      {toast ? (
        <div className={`hx-toast ${elder ? 'hx-toast--elder' : ''} ${toast.icon === 'success' ? 'hx-toast--success' : ''}`} key={toast.id} role='status' aria-live='polite'>
          {toast.icon === 'success' ? <span className='hx-toast__icon' aria-hidden /> : null}
          <span className='hx-toast__text'>{toast.title}</span>
        </div>
      ) : null}
    </>
  )
}
