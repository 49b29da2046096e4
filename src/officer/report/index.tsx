import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { exportReport, generateReport, getReport, type ReportContent, type ReportFigure } from '../../../types/contracts/reports'
import { call } from '../../client/cloud'
import { runJob } from '../../client/job'
import { useQuery } from '../../client/query'
import { usePageParams } from '../../device/nav'
import { usePullToReload } from '../../device/page-hooks'
import { useElderMode } from '../../device/prefs'
import { Button, confirm, Empty, LoadState, Table, toast } from '../../ui'
import { countColumns, WeeklyTrend } from '../../shared/chart-block'
import { JobProgress, useExportJob } from '../../shared/export-job'
import { Screen } from '../../shared/screen'
import './index.scss'

const Figures = ({ items }: { items: ReportFigure[] }) => (
  <View className='rp-figures'>
    {items.map((f) => (
      <View key={f.key} className={`rp-figure figure-${f.key}`}>
        <View className='rp-figure__label'>{f.label}</View>
        <View className='rp-figure__value'>{f.value}</View>
        <View className='rp-figure__prev'>
          {f.prev} · <Text className={`rp-change rp-change--${f.tone}`}>{f.change}</Text>
        </View>
      </View>
    ))}
  </View>
)

/**
 * 每周通报: one week of a county or the city, as the server worded it — volumes and rates beside last week's, the
 * eight-week trend, each station, missed deadlines, the ranking, alerts, weak survey dimensions (D36) and
 * projects at risk; 下载 Excel with its progress; 生成本周报告 on demand.
 */
export default function Report() {
  const params = usePageParams()
  const stationId = params.stationId
  const [shown, setShown] = useState<ReportContent>()
  const q = useQuery(getReport, stationId && params.week ? { stationId, week: params.week } : null)
  const elder = useElderMode()
  const [gen, setGen] = useState<{ busy: boolean; error?: string }>({ busy: false })
  const xlsx = useExportJob({ openFailed: '文件没能打开，请再点一次“打开文件”' })
  usePullToReload(async () => {
    if (!shown) await q.reload()
  })
  const r = shown ?? q.data

  async function generate() {
    if (!stationId || gen.busy) return
    const ok = await confirm({
      title: '生成本周报告？',
      content: '按截至现在的数字生成本周的通报（本周还没有结束，周一 8 点会再生成整周的）。之前生成的本周通报会被替换。',
      confirmText: '生成',
      cancelText: '再想想',
    })
    if (!ok) return
    setGen({ busy: true })
    const res = await call(generateReport, { stationId })
    if (!res.ok) return setGen({ busy: false, error: res.error.message })
    setGen({ busy: false })
    xlsx.reset()
    setShown(res.data)
    toast('已生成', 'success')
  }

  async function download(c: ReportContent) {
    if (!stationId) return
    const done = await xlsx.start((onProgress) => runJob(exportReport, { stationId, week: c.week }, onProgress))
    if (done?.ok) void xlsx.open(done.job?.url, done.job?.fileName)
  }

  const generateButton = (
    <View className='rp-generate'>
      {gen.error ? <View className='text-danger'>{gen.error}</View> : null}
      <Button block className='generate-report' loading={gen.busy} onClick={() => void generate()}>
        生成本周报告
      </Button>
    </View>
  )

  if (!r) {
    if (stationId && params.week && q.status !== 'error') {
      return (
        <Screen className='report'>
          <LoadState query={q} rows={6} />
        </Screen>
      )
    }
    return (
      <Screen className='report'>
        {q.status === 'error' && q.error?.code !== 'REPORT_NOT_FOUND' ? (
          <LoadState query={q} rows={6} />
        ) : (
          <Empty text={q.error?.message ?? '这周的通报还没有生成'} hint='周一 8 点会自动生成上一周的通报；现在也可以按截至此刻的数字生成本周的' />
        )}
        {stationId ? generateButton : null}
      </Screen>
    )
  }

  const job = xlsx.job
  return (
    <Screen className='report'>
      <View className='rp-head'>
        <View className='rp-head__title'>{r.title}</View>
        <View className='rp-head__week'>{r.weekLabel}</View>
        <View className='rp-head__built muted'>{r.builtLabel}</View>
      </View>
      {r.partialNote ? <View className='rp-note'>{r.partialNote}</View> : null}

      <View className='section-title'>收件和办理</View>
      <Figures items={r.volumes} />
      <View className='section-title'>按时和满意</View>
      <Figures items={r.rates} />

      <View className='section-title'>近 8 周</View>
      <WeeklyTrend className='chart-report-trend' weeks={r.trend} elder={elder} />

      <View className='section-title'>{r.stations.label}</View>
      <View className='card'>
        <Table
          className='table-report-stations'
          rowKey={(s) => s.id}
          empty='这一周没有诉求'
          columns={[
            { key: 'name', title: '驿站', grow: 3, render: (s) => <Text>{s.name}</Text> },
            ...countColumns('filed', 'resolved', 'overdue'),
            { key: 'resolveRate', title: '按时办结', align: 'right', grow: 1.5, render: (s) => <Text>{s.resolveRate}</Text> },
          ]}
          rows={r.stations.rows}
        />
      </View>

      <View className='section-title'>
        超期（本周 {r.overdue.weekTotal} 次，督办中 {r.overdue.supervisedTotal} 件）
      </View>
      <View className='card'>
        <Table
          className='table-report-overdue'
          rowKey={(o) => `${o.stationName}-${o.countyName}`}
          empty='这一周没有超期，也没有督办中的诉求'
          columns={[
            { key: 'stationName', title: '驿站', grow: 3, render: (o) => <Text>{o.countyName ? `${o.stationName}（${o.countyName}）` : o.stationName}</Text> },
            { key: 'week', title: '本周超期', align: 'right', grow: 1.5, render: (o) => <Text>{o.week}</Text> },
            { key: 'supervised', title: '督办中', align: 'right', render: (o) => <Text>{o.supervised}</Text> },
          ]}
          rows={r.overdue.rows}
        />
      </View>

      <View className='section-title'>星级排名（{r.ranking.quarterLabel}）</View>
      <View className='card rp-ranking'>
        {r.ranking.rated ? (
          <>
            <View className='rp-ranking__bands'>
              {r.ranking.stars
                .map((n, i) => ({ n, label: `${i + 1} 星` }))
                .reverse()
                .map((b) => (
                  <Text key={b.label} className='rp-band'>
                    {b.label} {b.n} 个
                  </Text>
                ))}
              {r.ranking.insufficient ? <Text className='rp-band'>数据不足 {r.ranking.insufficient} 个</Text> : null}
            </View>
            <Table
              className='table-report-top'
              rowKey={(x) => `top-${x.stationName}`}
              columns={[
                { key: 'stationName', title: '前列驿站', grow: 3, render: (x) => <Text>{x.stationName}</Text> },
                { key: 'starsLabel', title: '星级', align: 'right', render: (x) => <Text>{x.starsLabel}</Text> },
                { key: 'score', title: '得分', align: 'right', render: (x) => <Text>{x.score}</Text> },
              ]}
              rows={r.ranking.top}
            />
            {r.ranking.low.length ? (
              <Table
                className='table-report-low'
                rowKey={(x) => `low-${x.stationName}`}
                columns={[
                  { key: 'stationName', title: '低星驿站', grow: 3, render: (x) => <Text>{x.stationName}</Text> },
                  { key: 'starsLabel', title: '星级', align: 'right', render: (x) => <Text>{x.starsLabel}</Text> },
                  { key: 'score', title: '得分', align: 'right', render: (x) => <Text>{x.score}</Text> },
                ]}
                rows={r.ranking.low}
              />
            ) : null}
          </>
        ) : (
          <View className='muted'>这个季度还没有评定星级</View>
        )}
      </View>

      <View className='section-title'>
        聚集预警（本周 {r.clusters.raised} 起，待处理 {r.clusters.open} 起）
      </View>
      <View className='card'>
        {r.clusters.rows.length ? (
          r.clusters.rows.map((a) => (
            <View key={`${a.subject}-${a.raisedLabel}`} className='rp-item'>
              <View className='rp-item__title'>{a.subject}</View>
              <View className='rp-item__meta'>
                {a.workers} 人 {a.cases} 件 · {a.stationName} · {a.statusLabel} · {a.raisedLabel}
              </View>
            </View>
          ))
        ) : (
          <View className='muted'>这一周没有新的聚集预警</View>
        )}
      </View>

      <View className='section-title'>测评薄弱环节（本周结束 {r.surveys.closed} 次测评）</View>
      <View className='card'>
        {r.surveys.rows.map((s) => (
          <View key={s.stationName} className='rp-item'>
            <View className='rp-item__title'>{s.stationName}</View>
            <View className='rp-item__meta'>
              {s.dimensions.join('、')} · 答卷 {s.answers} 份
            </View>
          </View>
        ))}
        {r.surveys.withheldNote ? <View className='rp-withheld'>{r.surveys.withheldNote}</View> : null}
        {!r.surveys.rows.length && !r.surveys.withheldNote ? <View className='muted'>这一周结束的测评没有薄弱环节</View> : null}
      </View>

      <View className='section-title'>欠薪风险项目（{r.arrears.total} 个）</View>
      <View className='card'>
        {r.arrears.rows.length ? (
          r.arrears.rows.map((p) => (
            <View key={p.name} className='rp-item'>
              <View className='rp-item__title'>{p.name}</View>
              <View className='rp-item__meta'>
                {p.countyName} · 未结 {p.open} 件 · {p.workers} 人 · {p.amountLabel}
                {p.alerts ? ` · 聚集预警 ${p.alerts} 起` : ''}
              </View>
              <View className={`rp-item__meta ${p.overdue ? 'text-danger' : ''}`}>{p.deadlineLabel}</View>
            </View>
          ))
        ) : (
          <View className='muted'>没有欠薪风险项目</View>
        )}
      </View>

      <View className='section-title'>下载和生成</View>
      <View className='card rp-export'>
        <JobProgress busy={xlsx.busy} job={job} verb='生成' unit='张表' />
        {!xlsx.busy && job?.state === 'done' ? (
          <View className='rp-export__done'>
            <View>已生成：{job.fileName}</View>
            <Button size='small' className='open-report-file' onClick={() => void xlsx.open(job.url, job.fileName)}>
              打开文件
            </Button>
          </View>
        ) : null}
        {xlsx.error ? <View className='text-danger'>{xlsx.error}</View> : null}
        <Button block type='primary' className='download-report' loading={xlsx.busy} onClick={() => void download(r)}>
          {xlsx.error ? '重新下载' : '下载 Excel'}
        </Button>
      </View>
      {generateButton}
    </Screen>
  )
}
