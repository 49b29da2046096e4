import type { ReactNode } from 'react'

export interface ButtonProps {
  children: ReactNode
  type?: 'primary' | 'default' | 'danger'
  size?: 'large' | 'normal' | 'small'
  plain?: boolean
  /** Full width. `size="large"` is always full width. */
  block?: boolean
  loading?: boolean
  disabled?: boolean
  className?: string
  id?: string
  onClick?: () => void
}
