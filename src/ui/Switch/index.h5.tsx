import type { SwitchProps } from './types'
import './index.scss'

export type { SwitchProps }

export default function Switch(props: SwitchProps) {
  return (
    <button
      type='button'
      role='switch'
      aria-checked={props.checked}
      aria-label={props.label}
      className={`ui-switch ${props.checked ? 'ui-switch--on' : ''} ${props.className ?? ''}`}
      onClick={() => props.onChange(!props.checked)}
    >
      <span className='ui-switch__knob' />
    </button>
  )
}
