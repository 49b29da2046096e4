import type { ButtonProps } from './types'
import './index.scss'

export type { ButtonProps }

export default function Button(props: ButtonProps) {
  const { type = 'default', size = 'normal' } = props
  const cls = [
    'ui-btn',
    `ui-btn--${type}`,
    `ui-btn--${size}`,
    props.plain ? 'ui-btn--plain' : '',
    props.block || size === 'large' ? 'ui-btn--block' : '',
    props.className ?? '',
  ]
    .filter(Boolean)
    .join(' ')
  return (
    <button
      type='button'
      className={cls}
      id={props.id}
      disabled={!!props.disabled || !!props.loading}
      aria-busy={!!props.loading}
      onClick={() => props.onClick?.()}
    >
      {props.loading ? <span className='ui-btn__spinner' aria-hidden /> : null}
      {props.children}
    </button>
  )
}
