import type { RateProps } from './types'
import './index.scss'

export type { RateProps }

const STARS = [1, 2, 3, 4, 5]

/** Five tappable stars (real buttons: keyboard and screen readers work). */
export default function Rate(props: RateProps) {
  return (
    <div className={`ui-rate ${props.readonly ? 'ui-rate--readonly' : ''} ${props.className ?? ''}`} role='radiogroup' aria-label={props.label ?? '评价'}>
      {STARS.map((n) => (
        <button
          key={n}
          type='button'
          role='radio'
          aria-checked={props.value === n}
          aria-label={`${n} 星`}
          disabled={!!props.readonly}
          className={`ui-rate__star rate-star-${n} ${n <= props.value ? 'ui-rate__star--on' : ''}`}
          onClick={() => props.onChange?.(n)}
        >
          ★
        </button>
      ))}
    </div>
  )
}
