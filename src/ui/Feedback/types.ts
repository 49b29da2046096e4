import type { FeedbackView } from '../feedback'

export interface FeedbackProps {
  /** The dialog and toast this page shows now (src/ui/feedback). */
  view: FeedbackView
  /** 长辈模式: larger words and buttons. */
  elder: boolean
}
