export interface RateProps {
  /** 0 = nothing chosen yet; 1–5 stars. */
  value: number
  onChange?: (value: number) => void
  /** Shows the stars only (a rating already given). */
  readonly?: boolean
  /** What is being rated, read by screen readers in H5. */
  label?: string
  className?: string
}
