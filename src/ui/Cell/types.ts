import type { ReactNode } from 'react'

export interface CellProps {
  title: string
  value?: string
  /** A second line under the title. */
  label?: string
  /** Shows an arrow: the row opens something. */
  isLink?: boolean
  className?: string
  onClick?: () => void
}

export interface CellGroupProps {
  title?: string
  className?: string
  children: ReactNode
}
