import SkeletonFrame from './frame'
import type { SkeletonProps } from './types'

export type { SkeletonProps }

export default function Skeleton(props: SkeletonProps) {
  return <SkeletonFrame rows={props.rows} block={<van-skeleton title row={2} animate />} />
}
