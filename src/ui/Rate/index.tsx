// Taro picks index.weapp.tsx or index.h5.tsx per build; this file gives TypeScript (and jest) one entry.
export { default } from './index.h5'
export type { RateProps } from './types'
