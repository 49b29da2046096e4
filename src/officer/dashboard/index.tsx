import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { getDashboard, type DashboardScope, type DashboardView } from '../../../types/contracts/dashboard'
import { useQuery } from '../../client/query'
import { go, ROUTES, usePageParams } from '../../device/nav'
import { usePullToReload } from '../../device/page-hooks'
import { useElderMode } from '../../device/prefs'
import { Empty, LoadState, Table, Tabs } from '../../ui'
import { Screen } from '../../shared/screen'
import ChartBlock, { countColumns, WeeklyTrend } from '../../shared/chart-block'
import './index.scss'

type PeriodKey = DashboardView['periods'][number]['key']

/**
 * 数据看板: a station's own figures, or a county's or the city's whole area — this week, month and quarter;
 * a 12-week trend, by category and by station, each chart with its table; the cases under 督办. Every figure
 * and word is the server's.
 */
export default function Dashboard() {
  const params = usePageParams()
  const [scope, setScope] = useState<DashboardScope>(params.scope === 'area' ? 'area' : 'own')
  const q = useQuery(getDashboard, params.stationId ? { stationId: params.stationId, scope } : null)
  const [period, setPeriod] = useState<PeriodKey>('month')
  const elder = useElderMode()
  usePullToReload(q.reload)

  if (!q.data) {
    return (
      <Screen className='dashboard'>
        <LoadState query={q} rows={6} missing='没有找到这个驿站，请从工作台进入' />
      </Screen>
    )
  }
  const d = q.data
  const shown = d.periods.find((p) => p.key === period) ?? d.periods[0]!

  return (
    <Screen className='dashboard'>
      <View className='dashboard-head'>
        <View className='dashboard-head__title'>{d.title}</View>
        {d.areaLabel ? (
          <View className='dashboard-scopes'>
            <Text className={`dashboard-scope scope-own ${scope === 'own' ? 'dashboard-scope--on' : ''}`} onClick={() => setScope('own')}>
              本驿站办理的
            </Text>
            <Text className={`dashboard-scope scope-area ${scope === 'area' ? 'dashboard-scope--on' : ''}`} onClick={() => setScope('area')}>
              {d.areaLabel}
            </Text>
          </View>
        ) : null}
      </View>
      {d.scopeNote ? <View className='dashboard-note'>{d.scopeNote}</View> : null}

      <Tabs items={d.periods.map((p) => ({ key: p.key, label: p.key === 'week' ? '本周' : p.key === 'month' ? '本月' : '本季度' }))} active={shown.key} onChange={setPeriod} />
      <View className='dashboard-period'>{shown.label}</View>
      <View className='dashboard-tiles'>
        {shown.tiles.map((t) => (
          <View key={t.key} className={`dashboard-tile tile-${t.key}`}>
            <View className='dashboard-tile__label'>{t.label}</View>
            <View className='dashboard-tile__value'>{t.value}</View>
            {t.note ? <View className='dashboard-tile__note'>{t.note}</View> : null}
          </View>
        ))}
      </View>

      <View className='section-title'>近 12 周</View>
      <WeeklyTrend className='chart-trend' tableClassName='table-trend' weeks={d.trend} elder={elder} />

      <View className='section-title'>按类别（{d.byCategory.periodLabel}）</View>
      <ChartBlock
        className='chart-category'
        title='各类诉求'
        kind='bar'
        elder={elder}
        labels={d.byCategory.rows.map((r) => r.label)}
        series={[
          { name: '新收', values: d.byCategory.rows.map((r) => r.filed) },
          { name: '办结', values: d.byCategory.rows.map((r) => r.resolved) },
        ]}
        table={
          <Table
            className='table-category'
            rowKey={(r) => r.category}
            empty='这个月还没有诉求'
            columns={[
              { key: 'label', title: '类别', grow: 3, render: (r) => <Text>{r.label}</Text> },
              ...countColumns('filed', 'resolved', 'overdue'),
            ]}
            rows={d.byCategory.rows}
          />
        }
      />

      {d.byStation ? (
        <>
          <View className='section-title'>
            {d.areaLabel === '全市' ? '按县区' : '按驿站'}（{d.byStation.periodLabel}）
          </View>
          <ChartBlock
            className='chart-station'
            title={d.areaLabel === '全市' ? '各县区' : '各驿站'}
            kind='bar'
            elder={elder}
            labels={d.byStation.rows.map((r) => r.name.replace(/（示例）$/, ''))}
            series={[
              { name: '新收', values: d.byStation.rows.map((r) => r.filed) },
              { name: '超期', values: d.byStation.rows.map((r) => r.overdue) },
            ]}
            table={
              <Table
                className='table-station'
                rowKey={(r) => r.id}
                empty='这个月还没有诉求'
                columns={[
                  { key: 'name', title: '驿站', grow: 3, render: (r) => <Text>{r.name}</Text> },
                  ...countColumns('filed', 'overdue'),
                  { key: 'acceptRate', title: '按时受理', align: 'right', grow: 1.5, render: (r) => <Text>{r.acceptRate}</Text> },
                  { key: 'resolveRate', title: '按时办结', align: 'right', grow: 1.5, render: (r) => <Text>{r.resolveRate}</Text> },
                ]}
                rows={d.byStation.rows}
              />
            }
          />
        </>
      ) : null}

      <View className='section-title'>超期未办结、督办中（{d.overdue.total} 件）</View>
      {d.overdue.rows.length ? (
        <View className='dashboard-overdue'>
          {d.overdue.rows.map((r) => (
            <View key={r.id} className={`overdue-row overdue-${r.id}`} onClick={() => go(ROUTES.officerCase, { id: r.id })}>
              <View className='overdue-row__top'>
                <Text className='overdue-row__title'>{r.categoryLabel}</Text>
                <Text className='overdue-row__no'>{r.caseNo}</Text>
              </View>
              <View className='overdue-row__meta'>
                {r.stationName} 办理 · {r.supervisorName} 督办
              </View>
              <View className='overdue-row__meta'>
                <Text className='deadline deadline--overdue'>{r.deadlineLabel}</Text> · 提交于 {r.createdLabel}
              </View>
            </View>
          ))}
          {d.overdue.total > d.overdue.rows.length ? <View className='dashboard-more muted'>只列出最早的 {d.overdue.rows.length} 件</View> : null}
        </View>
      ) : (
        <Empty text='没有超期未办结的诉求' hint='办结超过时限的诉求会由上一级督办，出现在这里' />
      )}
    </Screen>
  )
}
