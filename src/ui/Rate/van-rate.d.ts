import type {} from 'react'

/**
 * van-rate as a JSX intrinsic element, for Rate/index.weapp.tsx only (the other vant tags are typed in
 * src/vant-jsx.d.ts; this one sits with its only user). Spelled as in WXML.
 */
declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'van-rate': {
        class?: string
        id?: string
        value?: number
        count?: number
        size?: string
        gutter?: string
        color?: string
        'void-color'?: string
        readonly?: boolean
        disabled?: boolean
        onChange?: (e: { detail: number }) => void
      }
    }
  }
}
