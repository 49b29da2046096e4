export { default } from './index.h5'
export type { SwitchProps } from './types'
