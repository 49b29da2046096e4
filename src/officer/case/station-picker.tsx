import { Text, View } from '@tarojs/components'
import { useMemo, useState } from 'react'
import { listCounties, listCountyStations, type StationSummary } from '../../../types/contracts/station'
import { STATION_KIND_LABEL, StationKind } from '../../../types/domain'
import { useQuery } from '../../client/query'
import { LoadState, RadioCards } from '../../ui'

export interface StationPickerProps {
  value?: StationSummary
  onChange: (station: StationSummary) => void
  /** Kinds of station this case may go to, as the server says (`transferKinds`): only these are offered. */
  kinds: readonly StationKind[]
  /** The case's privacy in words (「对单位保密」), for the line that says why some stations are not listed. */
  privacyLabel: string
}

/**
 * County → station, for 转办. The county station comes first in its county's list. Only stations of the
 * kinds the case may go to are listed; when a kind is left out, one line under the list says so.
 */
export default function StationPicker(props: StationPickerProps) {
  const counties = useQuery(listCounties, {})
  const [countyId, setCountyId] = useState<string>()
  const stations = useQuery(listCountyStations, countyId ? { countyId } : null)
  const { kinds } = props
  const offered = useMemo(() => {
    const d = stations.data
    if (!d) return []
    return [d.county, ...d.items].filter((s) => kinds.includes(s.kind))
  }, [stations.data, kinds])
  const options = useMemo(() => offered.map((s) => ({ value: s.id, title: s.name, desc: s.kindLabel })), [offered])
  const hidden = StationKind.options.filter((k) => !kinds.includes(k)).map((k) => STATION_KIND_LABEL[k])
  const hiddenNote = hidden.length ? `这条诉求是“${props.privacyLabel}”的，不能转给${hidden.join('、')}，这里不显示${hidden.join('、')}` : undefined

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

  // The county's own station heads its list, so its name says which county this is.
  return (
    <View className='station-picker'>
      <View className='station-picker__head'>
        <Text className='station-picker__step'>第二步：选驿站</Text>
        <Text className='station-picker__back' onClick={() => setCountyId(undefined)}>
          换个县区
        </Text>
      </View>
      {!stations.data ? (
        <LoadState query={stations} rows={2} />
      ) : (
        <>
          {options.length ? (
            <RadioCards
              classPrefix='pick-station'
              value={props.value?.id}
              options={options}
              onChange={(id) => {
                const s = offered.find((x) => x.id === id)
                if (s) props.onChange(s)
              }}
            />
          ) : (
            <View className='station-picker__none'>这个县区没有能接收这条诉求的驿站，请换个县区</View>
          )}
          {hiddenNote ? <View className='station-picker__hidden'>{hiddenNote}</View> : null}
        </>
      )}
    </View>
  )
}
