import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { searchBlacklist } from '../../../types/contracts/arrears'
import { usePaged } from '../../client/query'
import { useListPage } from '../../device/page-hooks'
import { Button, Field, PagedListState } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

/**
 * 欠薪黑名单 (政策 → 欠薪黑名单): the employers the bureau listed for wage arrears, as its decisions publish them —
 * name, 统一社会信用代码, decision number and date, reason, listing period. Read-only; search by name or code.
 */
export default function Blacklist() {
  const [typed, setTyped] = useState('')
  const [q, setQ] = useState('')
  const list = usePaged(searchBlacklist, q ? { q } : {})
  useListPage(list)
  const total = list.last?.total

  return (
    <Screen className='blacklist'>
      <View className='blacklist-head'>
        <View className='blacklist-head__title'>欠薪黑名单</View>
        <View className='blacklist-head__sub'>菏泽市人力资源和社会保障局依法认定、列入拖欠农民工工资失信联合惩戒对象名单的单位。列入期满自动移出。</View>
      </View>
      <View className='blacklist-search'>
        <Field label='查询' value={typed} onChange={setTyped} maxlength={30} placeholder='单位名称或统一社会信用代码' className='field-blacklist-q' />
        <View className='blacklist-search__buttons'>
          <Button type='primary' size='small' className='blacklist-go' onClick={() => setQ(typed.trim())}>
            查询
          </Button>
          {q ? (
            <Button size='small' className='blacklist-clear' onClick={() => { setTyped(''); setQ('') }}>
              看全部
            </Button>
          ) : null}
        </View>
      </View>
      {total !== undefined ? <View className='blacklist-count'>{q ? `找到 ${total} 家` : `目前共 ${total} 家`}</View> : null}
      <View className='blacklist-list'>
        <PagedListState list={list} empty={q ? { text: `没有找到“${q}”`, hint: '可以换个简称，或输入信用代码的前几位' } : { text: '目前名单上没有单位' }}>
          {list.items.map((e) => (
            <View key={e.id} className={`card blacklist-entry entry-${e.id}`}>
              <View className='blacklist-entry__name'>{e.subjectName}</View>
              <View className='blacklist-entry__line'>
                <Text className='blacklist-entry__k'>信用代码</Text>
                <Text className='blacklist-entry__uscc'>{e.uscc}</Text>
              </View>
              <View className='blacklist-entry__line'>
                <Text className='blacklist-entry__k'>决定文书</Text>
                <Text>
                  {e.docNo}（{e.decidedOn}）
                </Text>
              </View>
              <View className='blacklist-entry__line'>
                <Text className='blacklist-entry__k'>列入期限</Text>
                <Text>
                  {e.listedFrom} 至 {e.listedUntil}
                </Text>
              </View>
              <View className='blacklist-entry__reason'>{e.reason}</View>
            </View>
          ))}
        </PagedListState>
      </View>
      <View className='blacklist-foot'>对名单有异议，可拨打 12333 咨询</View>
    </Screen>
  )
}
