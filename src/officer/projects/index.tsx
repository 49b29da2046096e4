import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { getProjectLedger, type ProjectRow } from '../../../types/contracts/arrears'
import { useQuery } from '../../client/query'
import { go, ROUTES, usePageParams } from '../../device/nav'
import { usePullToReload, useShownAgain } from '../../device/page-hooks'
import { Button, Empty, LoadState, Tabs, Tag } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

type View_ = 'risk' | 'all'

const yuan = (n: number) => (n >= 10_000 ? `${(n / 10_000).toFixed(n % 10_000 === 0 ? 0 : 1)} 万元` : `${n} 元`)

/**
 * 菏薪共治 at a county (or the city) station: the projects at risk — open wage arrears, 限时化解 overdue, 聚集预警 —
 * and the whole project ledger, each project with its open arrears, the money, the workers and the deadline. Every
 * figure is the server's, through the viewer's side (D8a). Admins register and edit projects from here.
 */
export default function Projects() {
  const params = usePageParams()
  const [view, setView] = useState<View_>(params.view === 'all' ? 'all' : 'risk')
  const q = useQuery(getProjectLedger, params.stationId ? { stationId: params.stationId, riskOnly: view === 'risk' } : null)
  usePullToReload(q.reload)
  // Back from editing a project: show it as saved.
  useShownAgain(() => void q.reload())

  if (!q.data) {
    return (
      <Screen className='projects'>
        <LoadState query={q} rows={5} missing='没有找到这个驿站，请从工作台进入' />
      </Screen>
    )
  }
  const d = q.data
  const edit = (r: ProjectRow) => go(ROUTES.adminProjectEdit, { countyId: r.countyId, projectId: r.id })

  return (
    <Screen className='projects'>
      <View className='projects-head'>
        <View className='projects-head__title'>{d.title}</View>
        <View className='projects-head__sub'>在建工程项目的欠薪情况：未化解的欠薪、涉及金额和人数、限时化解期限。</View>
      </View>
      {d.scopeNote ? <View className='projects-note'>{d.scopeNote}</View> : null}

      <View className='projects-tiles'>
        <View className='projects-tile tile-at-risk'>
          <View className='projects-tile__label'>风险项目</View>
          <View className='projects-tile__value'>{d.totals.atRisk} 个</View>
          <View className='projects-tile__note'>共登记 {d.totals.projects} 个项目</View>
        </View>
        <View className={`projects-tile tile-overdue ${d.totals.overdue ? 'projects-tile--bad' : ''}`}>
          <View className='projects-tile__label'>限时化解已超期</View>
          <View className='projects-tile__value'>{d.totals.overdue} 个</View>
        </View>
        <View className='projects-tile tile-open'>
          <View className='projects-tile__label'>未化解欠薪</View>
          <View className='projects-tile__value'>{d.totals.open} 件</View>
          <View className='projects-tile__note'>涉及 {d.totals.workers} 人</View>
        </View>
        <View className='projects-tile tile-amount'>
          <View className='projects-tile__label'>涉及金额</View>
          <View className='projects-tile__value'>{yuan(d.totals.amount)}</View>
        </View>
      </View>

      <Tabs
        items={[
          { key: 'risk' as const, label: '风险项目', count: d.totals.atRisk },
          { key: 'all' as const, label: '全部项目', count: d.totals.projects },
        ]}
        active={view}
        onChange={setView}
      />

      {d.mayEdit && !d.isCity ? (
        <View className='projects-add'>
          <Button block type='primary' className='add-project' onClick={() => go(ROUTES.adminProjectEdit, { countyId: params.stationId })}>
            登记工程项目
          </Button>
        </View>
      ) : null}

      <View className='projects-list'>
        {d.rows.length === 0 ? (
          <Empty
            text={view === 'risk' ? '现在没有欠薪风险项目' : '还没有登记工程项目'}
            hint={view === 'risk' ? '有未化解的欠薪或聚集预警的项目会列在这里' : d.mayEdit ? '点上面的“登记工程项目”添加' : '请联系县区管理员登记'}
          />
        ) : (
          d.rows.map((r) => (
            <View key={r.id} className={`card project-row project-${r.id} ${r.deadline?.overdue ? 'project-row--overdue' : ''}`}>
              <View className='project-row__top'>
                <Text className='project-row__name'>{r.name}</Text>
                {r.deadline?.overdue ? <Tag type='danger'>已超期</Tag> : r.open > 0 ? <Tag type='warning'>有欠薪</Tag> : null}
                {r.openAlerts > 0 ? <Tag type='danger' plain>聚集预警</Tag> : null}
              </View>
              {d.isCity ? <View className='project-row__county'>{r.countyName}</View> : null}
              <View className='project-row__line'>总承包：{r.contractor}</View>
              <View className='project-row__line project-row__muted'>{r.contractorUscc ? `信用代码 ${r.contractorUscc}` : '信用代码未登记'}</View>
              <View className='project-row__line'>
                包保：{r.responsibleStationName}
                {r.officerName ? ` · ${r.officerName}` : ''}
              </View>
              <View className='project-row__line'>
                工资专户 <Text className={`wage-account wage-account--${r.wageAccount}`}>{r.wageAccountLabel}</Text>
                {r.workerCount !== null ? ` · 务工 ${r.workerCount} 人` : ''}
              </View>
              <View className='project-row__line project-row__muted'>{r.periodLabel}</View>
              {r.open > 0 ? (
                <View className='project-row__arrears arrears-figures'>
                  未化解欠薪 {r.open} 件 · {yuan(r.amount)} · {r.workers} 人
                </View>
              ) : (
                <View className='project-row__clear'>没有未化解的欠薪</View>
              )}
              {r.deadline ? <View className={`project-row__deadline ${r.deadline.overdue ? 'project-row__deadline--late' : ''}`}>{r.deadline.label}</View> : null}
              {d.mayEdit ? (
                <Text className='project-row__edit edit-project' onClick={() => edit(r)}>
                  编辑项目 ›
                </Text>
              ) : null}
            </View>
          ))
        )}
      </View>
    </Screen>
  )
}
