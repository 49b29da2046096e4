import { Slot, Text } from '@tarojs/components'
import type { FieldProps } from './types'
import './index.scss'

export type { FieldProps }

const oneLine = (v: string) => v.replace(/[\r\n]+/g, '')

export default function Field(props: FieldProps) {
  const isTextarea = props.type === 'textarea'
  // `wrap`: vant's textarea, growing from one line with its text; line breaks are dropped as typed.
  const wrap = !!props.wrap && !isTextarea
  const unit = isTextarea ? undefined : props.unit
  return (
    <van-field
      class={props.className}
      id={props.id}
      label={props.label ?? ''}
      value={props.value}
      type={wrap ? 'textarea' : (props.type ?? 'text')}
      placeholder={props.placeholder ?? ''}
      maxlength={props.maxlength ?? -1}
      show-word-limit={!!props.showWordLimit}
      autosize={isTextarea ? { minHeight: 120 } : wrap}
      error-message={props.error ?? ''}
      required={!!props.required}
      title-width='5em'
      border={false}
      custom-class={isTextarea ? 'ui-vfield ui-vfield--textarea' : 'ui-vfield'}
      use-button-slot={!!unit}
      onChange={(e) => props.onChange(wrap ? oneLine(String(e.detail ?? '')) : String(e.detail ?? ''))}
    >
      {unit ? (
        <Slot name='button'>
          <Text className='ui-field__unit'>{unit}</Text>
        </Slot>
      ) : null}
    </van-field>
  )
}
