import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { getMe } from '../../../types/contracts/me'
import { mySurveys, SURVEY_STATION_KINDS } from '../../../types/contracts/surveys'
import { go, ROUTES } from '../../device/nav'
import { useShownAgain } from '../../device/page-hooks'
import { getElderMode, getLastStation, setElderMode, type LastStation } from '../../device/prefs'
import { useQuery } from '../../client/query'
import { Cell, CellGroup, Switch } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

/** 我的: 长辈模式, the last station, 绑定工作人员 (everyone), and — for officers — the way into the workbench. */
export default function Me() {
  const me = useQuery(getMe, {})
  const surveys = useQuery(mySurveys, {})
  const [elder, setElder] = useState(getElderMode)
  const [last, setLast] = useState<LastStation | undefined>(getLastStation)

  useDidShow(() => setLast(getLastStation()))
  useShownAgain(() => {
    void me.reload()
    void surveys.reload()
  })

  // Someone removed from every station is a worker again here.
  const officer = me.data?.officer?.memberships.length ? me.data.officer : null
  const isAdmin = !!officer?.isAdmin
  const isCityAdmin = !!officer?.isCityAdmin
  const canPublish = !!officer?.memberships.some((m) => m.canPublish)
  const runsSurveys = !!officer?.memberships.some((m) => SURVEY_STATION_KINDS.includes(m.stationKind))
  // The city station's templates are the city-wide ones (its head and city admins keep them).
  const cityTemplates = officer?.memberships.find((m) => m.stationKind === 'city' && m.canManageTemplates)

  return (
    <Screen className='me'>
      <View className='me-head'>
        <View className='me-head__title'>{officer ? officer.name : '你好'}</View>
        <View className='me-head__sub'>
          {officer ? officer.memberships.map((m) => `${m.stationName} · ${m.roleLabel}`).join('；') : '劳动方面遇到难处，随时来驿站说说'}
        </View>
      </View>

      <CellGroup>
        <View className='me-elder'>
          <View className='me-elder__text'>
            <Text className='me-elder__title'>长辈模式</Text>
            <Text className='me-elder__desc'>字更大，按钮更好点</Text>
          </View>
          <Switch
            className='elder-switch'
            label='长辈模式'
            checked={elder}
            onChange={(on) => {
              setElder(on)
              setElderMode(on)
            }}
          />
        </View>
        <Cell
          title='上次去的驿站'
          value={last?.name ?? '还没有选'}
          isLink
          className='last-station'
          onClick={() => go(last ? ROUTES.home : ROUTES.choose)}
        />
        <Cell
          title='我参加的满意度测评'
          value={surveys.data ? `${surveys.data.answered} 次` : surveys.status === 'error' ? '暂时查不到' : '…'}
          label='只记次数，不记哪一次、答了什么'
          className='my-surveys'
        />
        <Cell title='我的数据' label='看看保存了你哪些信息，导出或删除' isLink className='go-my-data' onClick={() => go(ROUTES.myData)} />
      </CellGroup>

      <CellGroup title='驿站工作'>
        {officer ? (
          <Cell title='进入工作台' label='查看和办理本驿站收到的诉求' isLink className='go-workbench' onClick={() => go(ROUTES.officerInbox)} />
        ) : null}
        {canPublish ? (
          <Cell title='政策宣传' label='发布政策和办事指南，看有多少人读过' isLink className='go-notices-admin' onClick={() => go(ROUTES.officerNotices)} />
        ) : null}
        {canPublish || isAdmin ? (
          <Cell title='调度通报' label='每周通报和内部通知：收件、超期、排名、预警' isLink className='go-reports' onClick={() => go(ROUTES.officerReports)} />
        ) : null}
        {runsSurveys ? (
          <Cell title='满意度测评' label='发起测评，看答卷份数、结果和整改' isLink className='go-surveys' onClick={() => go(ROUTES.officerSurveys)} />
        ) : null}
        {isAdmin ? (
          <Cell title='满意度测评总览' label='辖区的测评、参与率、薄弱环节和整改' isLink className='go-survey-overview' onClick={() => go(ROUTES.adminSurveys)} />
        ) : null}
        {isAdmin ? (
          <Cell title='星级驿站和重点监督' label='各驿站的季度星级、重点监督对象、和谐之星' isLink className='go-ratings' onClick={() => go(ROUTES.adminRatings)} />
        ) : null}
        {isAdmin ? (
          <Cell title='驿站网络管理' label='新建和管理驿站，邀请工作人员' isLink className='go-admin' onClick={() => go(ROUTES.adminNetwork)} />
        ) : null}
        {isAdmin ? (
          <Cell title='查看访问记录' label='谁看过职工的姓名和电话' isLink className='go-access-log' onClick={() => go(ROUTES.adminAccessLog)} />
        ) : null}
        {isCityAdmin ? (
          <Cell title='诉求类别和时限' label='类别名称、说明、“你的权利”和办理时限' isLink className='go-policy' onClick={() => go(ROUTES.adminPolicy)} />
        ) : null}
        {isCityAdmin ? (
          <Cell title='欠薪黑名单' label='录入、移出列入欠薪黑名单的单位（向社会公布）' isLink className='go-blacklist-admin' onClick={() => go(ROUTES.adminBlacklist)} />
        ) : null}
        {isCityAdmin ? (
          <Cell title='数据保存期限' label='已结束诉求的身份信息保存多久，到期删除' isLink className='go-retention' onClick={() => go(ROUTES.adminRetention)} />
        ) : null}
        {isAdmin ? (
          <Cell title='省平台数据导出' label='互联网+劳动关系：按上次的游标导出新变化的诉求' isLink className='go-export' onClick={() => go(ROUTES.adminExport)} />
        ) : null}
        {isCityAdmin ? (
          <Cell title='办结结论' label='办结诉求时可选的标准结论' isLink className='go-conclusions' onClick={() => go(ROUTES.adminConclusions)} />
        ) : null}
        {cityTemplates ? (
          <Cell
            title='全市常用回复'
            label='每个驿站回复职工时都能选用'
            isLink
            className='go-city-templates'
            onClick={() => go(ROUTES.officerTemplates, { stationId: cityTemplates.stationId })}
          />
        ) : null}
        {isCityAdmin ? (
          <Cell title='节假日安排' label='录入每年的法定节假日和调休上班' isLink className='go-calendar' onClick={() => go(ROUTES.adminCalendar)} />
        ) : null}
        <Cell
          title='绑定工作人员'
          label={officer ? '收到了另一个驿站的邀请码？在这里输入' : '驿站工作人员用邀请码在这里绑定'}
          isLink
          className='go-bind'
          onClick={() => go(ROUTES.officerBind)}
        />
      </CellGroup>
      {me.status === 'error' && !officer ? (
        <View className='me-note' onClick={() => void me.reload()}>
          {me.error?.message} · 点这里重试
        </View>
      ) : null}

      <View className='me-about'>
        <View>菏谐驿站 · 菏泽市劳动关系服务驿站网络</View>
        <View>反映诉求免费；你的姓名和电话只给需要的人看</View>
        <View className='me-privacy' onClick={() => go(ROUTES.privacy)}>
          隐私政策
        </View>
      </View>

      {process.env.TARO_ENV === 'h5' ? (
        <View
          className='me-dev dev-signin'
          onClick={() => {
            window.location.href = '/__dev/signin'
          }}
        >
          切换演示身份
        </View>
      ) : null}
    </Screen>
  )
}
