import { Text, View } from '@tarojs/components'
import type { FeedbackProps } from './types'
import './index.scss'

export type { FeedbackProps }

/**
 * The page's dialog and toast in the mini-program: drawn in the page (so 长辈模式 reaches them), the mask
 * takes every touch and scroll, the two buttons are read out as buttons.
 */
export default function Feedback({ view, elder }: FeedbackProps) {
  const { dialog, toast } = view
  return (
    <View>
      {dialog ? (
        <View className={`hx-dialog ${elder ? 'hx-dialog--elder' : ''}`} key={dialog.id} catchMove>
          <View className='hx-dialog__mask' catchMove onClick={(e) => e.stopPropagation()} />
          <View className='hx-dialog__box' ariaRole='dialog' ariaLabel={dialog.title}>
            <View className='hx-dialog__title'>{dialog.title}</View>
            <View className='hx-dialog__content'>{dialog.content}</View>
            <View className='hx-dialog__foot'>
              <View className='hx-dialog__cancel' ariaRole='button' hoverClass='hx-dialog__btn--down' onClick={() => dialog.answer(false)}>{dialog.cancelText}</View>
              <View className='hx-dialog__confirm' ariaRole='button' hoverClass='hx-dialog__btn--down' onClick={() => dialog.answer(true)}>{dialog.confirmText}</View>
            </View>
          </View>
        </View>
      ) : null}
      {toast ? (
        <View className={`hx-toast ${elder ? 'hx-toast--elder' : ''} ${toast.icon === 'success' ? 'hx-toast--success' : ''}`} key={toast.id} ariaRole='alert'>
          {toast.icon === 'success' ? <View className='hx-toast__icon' /> : null}
          <Text className='hx-toast__text'>{toast.title}</Text>
        </View>
      ) : null}
    </View>
  )
}
