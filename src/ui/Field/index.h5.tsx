import { Text, View } from '@tarojs/components'
import type { FieldProps } from './types'
import './index.scss'

export type { FieldProps }

const INPUT_MODE: Record<string, 'text' | 'numeric' | 'decimal' | 'tel'> = {
  text: 'text',
  number: 'numeric',
  digit: 'decimal',
  tel: 'tel',
}

const oneLine = (v: string) => v.replace(/[\r\n]+/g, '')

export default function Field(props: FieldProps) {
  const type = props.type ?? 'text'
  const max = props.maxlength && props.maxlength > 0 ? props.maxlength : undefined
  // What the input and the textarea share: the value both ways, the limit, and what screen readers say.
  const shared = {
    id: props.id,
    value: props.value,
    placeholder: props.placeholder,
    maxLength: max,
    'aria-invalid': !!props.error,
    'aria-label': props.label,
    onChange: (e: { target: { value: string } }) => props.onChange(props.wrap ? oneLine(e.target.value) : e.target.value),
  }
  const control =
    type === 'textarea' ? (
      <textarea className={`ui-field__textarea ${props.className ?? ''}`} {...shared} />
    ) : props.wrap ? (
      // The hidden copy of the text (::after) sizes the box, so it follows the text and the type size.
      <div className='ui-field__grow' data-value={`${props.value || props.placeholder || ''} `}>
        <textarea className={`ui-field__input ui-field__input--wrap ${props.className ?? ''}`} rows={1} inputMode={INPUT_MODE[type]} {...shared} />
      </div>
    ) : (
      <input className={`ui-field__input ${props.className ?? ''}`} type={type === 'tel' ? 'tel' : 'text'} inputMode={INPUT_MODE[type]} {...shared} />
    )
  return (
    <View className={`ui-field ${type === 'textarea' ? 'ui-field--textarea' : ''} ${props.error ? 'ui-field--error' : ''}`}>
      {props.label ? (
        <Text className='ui-field__label'>
          {props.required ? <Text className='ui-field__required'>*</Text> : null}
          {props.label}
        </Text>
      ) : null}
      <View className='ui-field__body'>
        {props.unit && type !== 'textarea' ? (
          <View className='ui-field__with-unit'>
            {control}
            <Text className='ui-field__unit'>{props.unit}</Text>
          </View>
        ) : (
          control
        )}
        {props.showWordLimit && max ? (
          <Text className='ui-field__count'>
            {props.value.length}/{max}
          </Text>
        ) : null}
        {props.error ? <Text className='ui-field__error'>{props.error}</Text> : null}
      </View>
    </View>
  )
}
