export { default } from './index.h5'
export type { FieldProps } from './types'
