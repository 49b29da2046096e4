import { Text, View } from '@tarojs/components'
import { listAlerts } from '../../../types/contracts/cluster'
import { useQuery } from '../../client/query'
import { go, ROUTES } from '../../device/nav'
import { useShownAgain } from '../../device/page-hooks'
import './entry.scss'

/**
 * The way from a station's inbox to its 聚集预警: shown once the station has had one (the county station), in
 * red while one waits for a decision. The counts are the server's, for the officer's side.
 */
export function AlertsEntry(props: { stationId: string }) {
  const q = useQuery(listAlerts, { stationId: props.stationId, status: 'open', limit: 1 })
  useShownAgain(() => void q.reload())
  const counts = q.data?.counts
  if (!counts || counts.open + counts.closed === 0) return null
  return (
    <View className={`alerts-entry go-alerts ${counts.open ? 'alerts-entry--open' : ''}`} onClick={() => go(ROUTES.officerAlerts, { stationId: props.stationId })}>
      <Text className='alerts-entry__text'>{counts.open ? `聚集预警：${counts.open} 条待处理` : '聚集预警：没有待处理的'}</Text>
      <Text className='alerts-entry__go'>查看 ›</Text>
    </View>
  )
}
