export { default } from './index.h5'
export type { LoadingProps } from './types'
