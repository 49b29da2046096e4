import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import Button from '../Button'
import './index.scss'

export interface PanelProps {
  title: string
  /** One sentence under the title: what this does, or what to write. */
  hint?: string
  children?: ReactNode
  /** A message under the fields, in red (the server's or the check's). */
  error?: string
  submitText: string
  submitType?: 'primary' | 'danger'
  busy?: boolean
  onSubmit: () => void
  /** Without it there is no 取消 button. */
  onCancel?: () => void
  /** Test and style hook on the panel. */
  className?: string
}

/**
 * An inline form for one action (a reason, a result, a choice), the same in both builds: title, a sentence,
 * the fields, and 取消 / the action. Plain views around the Button and Field adapters.
 */
export default function Panel(props: PanelProps) {
  return (
    <View className={`ui-panel ${props.className ?? ''}`}>
      <View className='ui-panel__title'>{props.title}</View>
      {props.hint ? <View className='ui-panel__hint'>{props.hint}</View> : null}
      {props.children ? <View className='ui-panel__body'>{props.children}</View> : null}
      {props.error ? <View className='ui-panel__error'>{props.error}</View> : null}
      <View className='ui-panel__buttons'>
        {props.onCancel ? (
          <View className='ui-panel__button'>
            <Button block className='panel-cancel' disabled={props.busy} onClick={props.onCancel}>
              取消
            </Button>
          </View>
        ) : null}
        <View className='ui-panel__button'>
          <Button block type={props.submitType ?? 'primary'} className='panel-submit' loading={props.busy} onClick={props.onSubmit}>
            {props.submitText}
          </Button>
        </View>
      </View>
    </View>
  )
}
