export interface LoadingProps {
  text?: string
  className?: string
}
