export { default } from './index.h5'
export type { FeedbackProps } from './types'
