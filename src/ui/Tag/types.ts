import type { ReactNode } from 'react'

export interface TagProps {
  children: ReactNode
  type?: 'default' | 'primary' | 'success' | 'danger' | 'warning'
  plain?: boolean
  className?: string
}
