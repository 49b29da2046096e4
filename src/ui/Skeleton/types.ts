export interface SkeletonProps {
  /** How many placeholder blocks (list rows or paragraphs). */
  rows?: number
}
