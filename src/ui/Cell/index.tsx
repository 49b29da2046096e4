export { Cell, CellGroup } from './index.h5'
export type { CellGroupProps, CellProps } from './types'
