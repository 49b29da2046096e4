import type { FieldProps } from './types'

export type { FieldProps }

export default function Field(props: FieldProps) {
  const isTextarea = props.type === 'textarea'
  return (
    <van-field
      class={props.className}
      id={props.id}
      label={props.label ?? ''}
      value={props.value}
      type={props.type ?? 'text'}
      placeholder={props.placeholder ?? ''}
      maxlength={props.maxlength ?? -1}
      show-word-limit={!!props.showWordLimit}
      autosize={isTextarea ? { minHeight: 120 } : false}
      error-message={props.error ?? ''}
      required={!!props.required}
      title-width='5em'
      border={false}
      custom-class={isTextarea ? 'ui-vfield ui-vfield--textarea' : 'ui-vfield'}
      onChange={(e) => props.onChange(String(e.detail ?? ''))}
    />
  )
}
