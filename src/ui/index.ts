// Pages import UI only from here (the page root, Screen, comes with its 长辈模式 setting from src/shared/screen).
// Taro resolves each folder's index.weapp.tsx / index.h5.tsx per build.
export { default as Button } from './Button'
export { Cell, CellGroup } from './Cell'
export { default as Field } from './Field'
export { default as Tag } from './Tag'
export { default as Loading } from './Loading'
export { default as Skeleton } from './Skeleton'
export { default as Switch } from './Switch'
export { default as Empty } from './Empty'
export { default as Tabs } from './Tabs'
export { default as RadioCards } from './RadioCards'
export { default as ListState, ErrorState, LoadState, PagedListState } from './ListState'
export { default as Panel } from './Panel'
export { default as Result } from './Result'
export { default as Rate } from './Rate'
export { default as DatePicker } from './DatePicker'
export { default as Progress } from './Progress'
export { confirm, copyText, toast } from './feedback'
export { useFieldErrors, type FieldErrors } from './field-errors'
export { default as Table, type TableColumn } from './Table'
// Chart is not exported here: it carries ECharts, so a page imports it from '../../ui/Chart' and only the
// officer subpackage that uses it downloads it (the main package stays small for workers on weak signal).
