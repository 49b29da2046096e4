export { default } from './index.h5'
export type { TagProps } from './types'
