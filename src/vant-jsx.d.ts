import type { ReactNode } from 'react'

/**
 * Vant weapp components as JSX intrinsic elements. Only `src/ui/<Name>/index.weapp.tsx` may render them
 * (pages never write <van-*>); the props are the ones those wrappers pass. Taro writes each prop into its
 * template as given, so properties are spelled as in WXML (kebab-case), and `onX` becomes `bindx`.
 */
type VanEvent<T> = { detail: T }
interface VanCommon {
  /** `class`, not `className`: Taro binds a native component's class only under this name. */
  class?: string
  id?: string
  'custom-class'?: string
  'custom-style'?: string
  children?: ReactNode
}
interface VanIntrinsic {
  'van-button': VanCommon & {
    type?: 'default' | 'primary' | 'info' | 'warning' | 'danger'
    size?: 'normal' | 'large' | 'small' | 'mini'
    block?: boolean
    round?: boolean
    plain?: boolean
    loading?: boolean
    disabled?: boolean
    onClick?: () => void
  }
  'van-cell-group': VanCommon & { title?: string; inset?: boolean; border?: boolean }
  'van-cell': VanCommon & {
    title?: string
    value?: string
    label?: string
    'is-link'?: boolean
    center?: boolean
    border?: boolean
    clickable?: boolean
    'title-width'?: string
    onClick?: () => void
  }
  'van-field': VanCommon & {
    value?: string
    label?: string
    type?: string
    placeholder?: string
    maxlength?: number
    'show-word-limit'?: boolean
    autosize?: boolean | { minHeight?: number; maxHeight?: number }
    'error-message'?: string
    required?: boolean
    clearable?: boolean
    border?: boolean
    'title-width'?: string
    'input-class'?: string
    /** Puts the child with `slot='button'` (e.g. a unit) after the input. */
    'use-button-slot'?: boolean
    onChange?: (e: VanEvent<string>) => void
  }
  'van-tag': VanCommon & {
    type?: 'default' | 'primary' | 'success' | 'danger' | 'warning'
    plain?: boolean
    round?: boolean
    size?: 'medium' | 'large'
  }
  'van-loading': VanCommon & { size?: string; type?: 'circular' | 'spinner'; vertical?: boolean; color?: string }
  'van-skeleton': VanCommon & { title?: boolean; row?: number; loading?: boolean; animate?: boolean }
  'van-switch': VanCommon & { checked?: boolean; size?: string; disabled?: boolean; onChange?: (e: VanEvent<boolean>) => void }
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-interface
    interface IntrinsicElements extends VanIntrinsic {}
  }
}
