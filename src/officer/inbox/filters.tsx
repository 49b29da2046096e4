import { Picker, Text, View } from '@tarojs/components'
import type { OutputOf } from '../../../types/contract'
import type { inboxFilters } from '../../../types/contracts/inbox'
import type { Category, Privacy } from '../../../types/domain'
import type { QueryState } from '../../client/query'
import { Button, LoadState } from '../../ui'

export type FilterOptions = QueryState<OutputOf<typeof inboxFilters>>

/** What the officer narrowed the inbox to. Dates are days as the picker gives them ("2026-11-25"). */
export interface InboxFilterValue {
  stationId?: string
  category?: Category
  privacy?: Privacy
  from?: string
  to?: string
}

export const hasFilters = (f: InboxFilterValue) => Object.values(f).some((v) => v !== undefined)

/** "2026-11-05" → "2026年11月5日" (words only; the server reads the day itself). */
export const dayWords = (day: string) => {
  const [y, m, d] = day.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** One line of the filters in force, for the bar above the list. */
export const filterSummary = (f: InboxFilterValue, names: { station?: string; category?: string; privacy?: string }) => {
  const parts = [names.station, names.category, names.privacy].filter(Boolean) as string[]
  if (f.from && f.to) parts.push(`${dayWords(f.from)}至${dayWords(f.to)}提交`)
  else if (f.from) parts.push(`${dayWords(f.from)}起提交`)
  else if (f.to) parts.push(`${dayWords(f.to)}前提交`)
  return parts.join(' · ')
}

function Chips<V extends string>(props: {
  options: Array<{ value: V; label: string }>
  value: V | undefined
  onChange: (v: V | undefined) => void
  hook: string
}) {
  return (
    <View className='inbox-chips'>
      <View className={`inbox-chip ${props.hook}-any ${props.value === undefined ? 'inbox-chip--on' : ''}`} onClick={() => props.onChange(undefined)}>
        不限
      </View>
      {props.options.map((o) => (
        <View
          key={o.value}
          className={`inbox-chip ${props.hook}-${o.value} ${props.value === o.value ? 'inbox-chip--on' : ''}`}
          onClick={() => props.onChange(o.value)}
        >
          {o.label}
        </View>
      ))}
    </View>
  )
}

/**
 * The inbox's filters: station (全辖区 only), category, privacy (only the tracks this membership sees, as the
 * server lists them) and the filing date. Each choice applies at once; 完成 folds the panel.
 */
export function InboxFilters(props: {
  /** `inbox.filters` for the station worked as (the page loads it once). */
  options: FilterOptions
  subtree: boolean
  value: InboxFilterValue
  onChange: (v: InboxFilterValue) => void
  onClose: () => void
}) {
  const options = props.options
  const v = props.value
  const set = (patch: Partial<InboxFilterValue>) => props.onChange({ ...v, ...patch })
  if (!options.data) {
    return (
      <View className='inbox-filters'>
        <LoadState query={options} rows={2} />
      </View>
    )
  }
  const o = options.data
  return (
    <View className='inbox-filters'>
      {props.subtree && o.stations.length ? (
        <View className='inbox-filters__group'>
          <View className='inbox-filters__label'>驿站</View>
          <Chips hook='filter-station' options={o.stations.map((s) => ({ value: s.id, label: s.name }))} value={v.stationId} onChange={(stationId) => set({ stationId })} />
        </View>
      ) : null}
      <View className='inbox-filters__group'>
        <View className='inbox-filters__label'>诉求类别</View>
        <Chips hook='filter-category' options={o.categories} value={v.category} onChange={(category) => set({ category })} />
      </View>
      {o.privacies.length > 1 ? (
        <View className='inbox-filters__group'>
          <View className='inbox-filters__label'>身份保护</View>
          <Chips hook='filter-privacy' options={o.privacies} value={v.privacy} onChange={(privacy) => set({ privacy })} />
        </View>
      ) : null}
      <View className='inbox-filters__group'>
        <View className='inbox-filters__label'>提交时间</View>
        <View className='inbox-dates'>
          <Picker mode='date' value={v.from ?? ''} end={v.to} onChange={(e) => set({ from: String(e.detail.value) })}>
            <View className={`inbox-date filter-from ${v.from ? 'inbox-date--set' : ''}`}>{v.from ? dayWords(v.from) : '开始日期'}</View>
          </Picker>
          <Text className='inbox-dates__to'>至</Text>
          <Picker mode='date' value={v.to ?? ''} start={v.from} onChange={(e) => set({ to: String(e.detail.value) })}>
            <View className={`inbox-date filter-to ${v.to ? 'inbox-date--set' : ''}`}>{v.to ? dayWords(v.to) : '结束日期'}</View>
          </Picker>
          {v.from || v.to ? (
            <Text className='inbox-dates__clear' onClick={() => set({ from: undefined, to: undefined })}>
              不限
            </Text>
          ) : null}
        </View>
      </View>
      <View className='inbox-filters__buttons'>
        <View className='inbox-filters__button'>
          <Button block className='filters-clear' disabled={!hasFilters(v)} onClick={() => props.onChange({})}>
            清除筛选
          </Button>
        </View>
        <View className='inbox-filters__button'>
          <Button block type='primary' className='filters-done' onClick={props.onClose}>
            完成
          </Button>
        </View>
      </View>
    </View>
  )
}

/** The names the summary line uses, from the same options. */
export const filterNames = (o: FilterOptions['data'], v: InboxFilterValue) => ({
  station: v.stationId ? o?.stations.find((s) => s.id === v.stationId)?.name : undefined,
  category: v.category ? o?.categories.find((c) => c.value === v.category)?.label : undefined,
  privacy: v.privacy ? o?.privacies.find((p) => p.value === v.privacy)?.label : undefined,
})
