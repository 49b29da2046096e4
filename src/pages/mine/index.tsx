import { Text, View } from '@tarojs/components'
import { listMyCases } from '../../../types/contracts/case'
import { go, ROUTES } from '../../device/nav'
import { useListPage } from '../../device/page-hooks'
import { getLastStation } from '../../device/prefs'
import { usePaged } from '../../client/query'
import { Button, PagedListState } from '../../ui'
import { Screen } from '../../shared/screen'
import { CaseRow, DeadlineText } from '../../shared/case-bits'
import './index.scss'

/** 我的诉求: the worker's cases, newest first. */
export default function MyCases() {
  const list = usePaged(listMyCases, {})
  // A tab page stays alive: coming back (e.g. after filing) should show the new case.
  useListPage(list)

  const fileOne = () => {
    const last = getLastStation()
    if (last?.id) go(ROUTES.caseNew, { stationId: last.id, code: last.code, kind: last.kind, channel: 'chosen' })
    else go(ROUTES.home)
  }

  return (
    <Screen className='mine'>
      {/* 代为登记: a case a station officer filed for the worker becomes theirs with the slip's code. */}
      <View className='mine-claim'>
        <Text className='mine-claim__text'>在驿站或打电话反映过，拿到了认领凭条？</Text>
        <Button type='primary' plain size='small' className='go-claim' onClick={() => go(ROUTES.claim)}>
          认领诉求
        </Button>
      </View>
      <View className='section-title'>最新的在最上面</View>
      <PagedListState
        list={list}
        empty={{
          text: '还没有反映过诉求',
          hint: '在驿站首页点 反映诉求，写下遇到的难处，驿站受理和办理的进展都会在这里告诉你',
          action: { text: '去反映诉求', onClick: fileOne },
        }}
      >
        {list.items.map((c) => (
          <CaseRow key={c.id} row={c} className='mine-row' mark={c.hasNewReply ? '有新回复' : undefined} onClick={() => go(ROUTES.caseDetail, { id: c.id })}>
            <View className='case-row__meta'>
              <Text>{c.stationName}</Text>
              <Text>{c.createdLabel}</Text>
            </View>
            <View className='case-row__meta'>
              <DeadlineText deadline={c.deadline} />
              <Text className='case-row__no'>编号 {c.caseNo}</Text>
            </View>
          </CaseRow>
        ))}
      </PagedListState>
    </Screen>
  )
}
