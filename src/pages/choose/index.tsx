import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
import { listCounties, listCountyStations, type StationSummary } from '../../../types/contracts/station'
import { useQuery } from '../../client/query'
import { ROUTES, urlOf } from '../../device/nav'
import { setLastStation } from '../../device/prefs'
import { Field, ListState, LoadState, Tag } from '../../ui'
import { Screen } from '../../shared/screen'
import { needsDemoTag } from '../../shared/demo-tag'
import { NameWords } from '../../shared/name-words'
import './index.scss'

function pick(s: StationSummary) {
  setLastStation({ code: s.code, id: s.id, name: s.name, kind: s.kind })
  // reLaunch: a tab page takes a query only this way, and 返回 should not come back to the list.
  void Taro.reLaunch({ url: urlOf(ROUTES.home, { code: s.code }) })
}

/** Counties first (9), then the stations of one county, grouped by kind, with a name search. */
export default function ChooseStation() {
  const counties = useQuery(listCounties, {})
  const [countyId, setCountyId] = useState<string>()
  const [query, setQuery] = useState('')
  const [q, setQ] = useState('')

  useEffect(() => {
    const t = setTimeout(() => setQ(query.trim()), 300)
    return () => clearTimeout(t)
  }, [query])

  const stations = useQuery(listCountyStations, countyId ? (q ? { countyId, q } : { countyId }) : null)

  const groups = useMemo(() => {
    const out: { label: string; items: StationSummary[] }[] = []
    for (const s of stations.data?.items ?? []) {
      if (s.id === stations.data?.county.id) continue
      const g = out.find((x) => x.label === s.kindLabel)
      if (g) g.items.push(s)
      else out.push({ label: s.kindLabel, items: [s] })
    }
    return out
  }, [stations.data])

  if (!countyId) {
    const items = counties.data?.items ?? []
    return (
      <Screen className='choose'>
        <View className='choose-intro'>先选你工作的县区，再选离你最近的驿站</View>
        <ListState
          status={counties.status}
          error={counties.error}
          isEmpty={!items.length}
          empty={{ text: '暂时没有可选的县区', hint: '可以先拨打 12333 咨询' }}
          onRetry={() => void counties.reload()}
        >
          <View className='county-grid'>
            {items.map((c) => (
              <View
                key={c.id}
                className={`county-card county-${c.code}`}
                onClick={() => {
                  setQuery('')
                  setQ('')
                  setCountyId(c.id)
                }}
              >
                <NameWords className='county-card__name' name={c.name} />
              </View>
            ))}
          </View>
        </ListState>
      </Screen>
    )
  }

  const county = stations.data?.county ?? counties.data?.items.find((c) => c.id === countyId)
  return (
    <Screen className='choose'>
      <View className='choose-head'>
        <Text className='choose-head__title'>{county?.name ?? '驿站'}</Text>
        <Text className='choose-head__back' onClick={() => setCountyId(undefined)}>
          换个县区
        </Text>
      </View>

      {county ? (
        <View className='choose-default county-station' onClick={() => pick(county)}>
          <View className='choose-default__title'>不知道选哪个？选县区驿站</View>
          <View className='choose-default__desc'>{county.name}，会帮你转给合适的驿站</View>
        </View>
      ) : null}

      <View className='choose-search'>
        <Field value={query} onChange={setQuery} placeholder='输入驿站或单位名称搜索' className='field-station-search' />
      </View>

      {!stations.data && stations.status !== 'idle' ? (
        <LoadState query={stations} rows={3} />
      ) : groups.length === 0 ? (
        <View className='choose-none'>
          {q ? `没有找到“${q}”，换个字试试，或者直接选上面的县区驿站` : '这个县区还没有其他驿站，请选上面的县区驿站'}
        </View>
      ) : (
        groups.map((g) => (
          <View key={g.label} className='station-group'>
            <View className='section-title'>{g.label}</View>
            <View className='station-list'>
              {g.items.map((s) => (
                <View key={s.id} className={`station-row station-${s.code}`} onClick={() => pick(s)}>
                  <NameWords className='station-row__name' name={s.name} />
                  {needsDemoTag(s) ? <Tag type='warning'>示例</Tag> : null}
                  <Text className='station-row__arrow'>›</Text>
                </View>
              ))}
            </View>
          </View>
        ))
      )}
    </Screen>
  )
}
