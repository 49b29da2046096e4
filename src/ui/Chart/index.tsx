export { default } from './index.h5'
export type { ChartProps, ChartSeries } from './types'
