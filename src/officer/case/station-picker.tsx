import { Text, View } from '@tarojs/components'
import { useMemo, useState } from 'react'
import { listCounties, listCountyStations, type StationSummary } from '../../../types/contracts/station'
import { useQuery } from '../../client/query'
import { LoadState, RadioCards } from '../../ui'

export interface StationPickerProps {
  value?: StationSummary
  onChange: (station: StationSummary) => void
}

/** County → station, for 转办. The county station comes first in its county's list. */
export default function StationPicker(props: StationPickerProps) {
  const counties = useQuery(listCounties, {})
  const [countyId, setCountyId] = useState<string>()
  const stations = useQuery(listCountyStations, countyId ? { countyId } : null)
  const options = useMemo(() => {
    const d = stations.data
    if (!d) return []
    return [d.county, ...d.items].map((s) => ({ value: s.id, title: s.name, desc: s.kindLabel }))
  }, [stations.data])

  if (!countyId) {
    if (!counties.data) return <LoadState query={counties} rows={2} />
    return (
      <View className='station-picker'>
        <View className='station-picker__step'>第一步：选县区</View>
        <RadioCards
          columns={2}
          classPrefix='pick-county'
          value={undefined}
          options={counties.data.items.map((c) => ({ value: c.id, title: c.name }))}
          onChange={setCountyId}
        />
      </View>
    )
  }

  const county = stations.data?.county ?? counties.data?.items.find((c) => c.id === countyId)
  return (
    <View className='station-picker'>
      <View className='station-picker__head'>
        <Text className='station-picker__step'>第二步：选 {county?.name ?? ''} 的驿站</Text>
        <Text className='station-picker__back' onClick={() => setCountyId(undefined)}>
          换个县区
        </Text>
      </View>
      {!stations.data ? (
        <LoadState query={stations} rows={2} />
      ) : (
        <RadioCards
          classPrefix='pick-station'
          value={props.value?.id}
          options={options}
          onChange={(id) => {
            const s = [stations.data!.county, ...stations.data!.items].find((x) => x.id === id)
            if (s) props.onChange(s)
          }}
        />
      )}
    </View>
  )
}
