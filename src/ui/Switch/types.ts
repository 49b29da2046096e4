export interface SwitchProps {
  checked: boolean
  onChange: (checked: boolean) => void
  /** What the switch does, read by screen readers in H5. */
  label: string
  className?: string
}
