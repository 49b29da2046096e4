import { Text, View } from '@tarojs/components'
import { listAccessLog } from '../../../types/contracts/audit'
import { useListPage } from '../../device/page-hooks'
import { usePaged } from '../../client/query'
import { PagedListState } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

/**
 * 访问记录 (D4): who saw a worker's name and phone, on which case and when, newest first. City admins see the
 * whole city, county admins their county's cases (the server decides).
 */
export default function AccessLog() {
  const list = usePaged(listAccessLog, {})
  useListPage(list)

  return (
    <Screen className='access-log'>
      <View className='access-log-intro'>每次查看职工的姓名和电话都会记录在这里，用于核查有没有泄露职工信息。</View>
      <View className='section-title'>最新的在最上面</View>
      <PagedListState list={list} empty={{ text: '还没有访问记录', hint: '工作人员查看职工的姓名和电话后，会记录在这里' }}>
        {list.items.map((r, i) => (
          <View key={`${r.at}-${r.caseId}-${i}`} className='log-row'>
            <View className='log-row__top'>
              <Text className='log-row__who'>{r.officerName}</Text>
              <Text className='log-row__at'>{r.atLabel}</Text>
            </View>
            <View className='log-row__station'>{r.stationName}</View>
            <View className='log-row__what'>{r.what}</View>
            <View className='log-row__case'>
              诉求编号 <Text className='log-row__no'>{r.caseNo}</Text>
            </View>
          </View>
        ))}
      </PagedListState>
    </Screen>
  )
}
