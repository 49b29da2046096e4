import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import './index.scss'

export interface TableColumn<R> {
  key: string
  title: string
  /** Numbers sit right. */
  align?: 'left' | 'right'
  /** Share of the row's width (flex grow); 1 unless told. */
  grow?: number
  render: (row: R) => ReactNode
}

export interface TableProps<R> {
  columns: TableColumn<R>[]
  rows: R[]
  rowKey: (row: R) => string
  /** Said in place of the rows when there are none. */
  empty?: string
  className?: string
}

/**
 * A small table of plain views, the same in both builds: a header row and one row per item. Cells wrap instead
 * of cutting their text off, so a row grows in 长辈模式 rather than running past the screen.
 */
export default function Table<R>(props: TableProps<R>) {
  return (
    <View className={`ui-table ${props.className ?? ''}`}>
      <View className='ui-table__row ui-table__row--head'>
        {props.columns.map((c) => (
          <View key={c.key} className={`ui-table__cell ui-table__cell--${c.align ?? 'left'}`} style={{ flexGrow: c.grow ?? 1 }}>
            <Text>{c.title}</Text>
          </View>
        ))}
      </View>
      {props.rows.length === 0 && props.empty ? <View className='ui-table__empty'>{props.empty}</View> : null}
      {props.rows.map((r) => (
        <View key={props.rowKey(r)} className={`ui-table__row ui-table-row-${props.rowKey(r)}`}>
          {props.columns.map((c) => (
            <View key={c.key} className={`ui-table__cell ui-table__cell--${c.align ?? 'left'} ui-table__cell-${c.key}`} style={{ flexGrow: c.grow ?? 1 }}>
              {c.render(r)}
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
