export { default } from './index.h5'
export type { DatePickerProps } from './types'
