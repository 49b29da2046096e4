export { default } from './index.h5'
export type { SkeletonProps } from './types'
