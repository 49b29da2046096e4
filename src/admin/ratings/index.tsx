import { Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import { getMe } from '../../../types/contracts/me'
import {
  computeRatings,
  getRatingConfig,
  listAwards,
  listRatings,
  listSupervision,
  setRatingConfig,
  type RatingConfigInput,
  type RatingFilter,
} from '../../../types/contracts/ratings'
import { listCounties } from '../../../types/contracts/station'
import { checkInput } from '../../client/check'
import { call } from '../../client/cloud'
import { runJobWith } from '../../client/job'
import { usePaged, useQuery } from '../../client/query'
import { go, ROUTES } from '../../device/nav'
import { usePullToReload, useShownAgain } from '../../device/page-hooks'
import { Button, confirm, Field, LoadState, PagedListState, Panel, Tabs, Tag, toast } from '../../ui'
import { JobProgress, useExportJob } from '../../shared/export-job'
import { Screen } from '../../shared/screen'
import { StarLine } from '../../shared/rating-bits'
import './index.scss'

type Tab = 'ratings' | 'supervision' | 'awards' | 'rules'
const TABS: Array<{ key: Tab; label: string }> = [
  { key: 'ratings', label: '星级' },
  { key: 'supervision', label: '重点监督' },
  { key: 'awards', label: '和谐之星' },
  { key: 'rules', label: '评分规则' },
]

/**
 * 星级驿站 for admins, over their county or the whole city: a quarter's stars per station (数据不足 apart), filters,
 * running a quarter again with its progress; the 重点监督对象 and their history; 和谐之星; and the weights and
 * lines (a city admin edits them). A station's row opens its rating page, where it is adjusted.
 */
export default function AdminRatings() {
  const me = useQuery(getMe, {})
  const admin = (me.data?.officer?.memberships ?? []).filter((m) => m.admin && (m.stationKind === 'city' || m.stationKind === 'county'))
  const city = admin.find((m) => m.stationKind === 'city')
  const counties = useQuery(listCounties, city ? {} : null)
  const areas = city
    ? [{ id: city.stationId, name: '全市' }, ...(counties.data?.items ?? []).map((c) => ({ id: c.id, name: c.name.replace(/劳动关系服务驿站$/, '') }))]
    : admin.map((m) => ({ id: m.stationId, name: m.stationName.replace(/劳动关系服务驿站$/, '') }))
  const [areaId, setAreaId] = useState<string>()
  const [tab, setTab] = useState<Tab>('ratings')
  const area = areaId ?? areas[0]?.id

  if (!me.data) {
    return (
      <Screen className='admin-ratings'>
        <LoadState query={me} rows={4} />
      </Screen>
    )
  }
  if (!area) {
    return (
      <Screen className='admin-ratings'>
        <View className='admin-ratings__none'>只有市、县区管理员可以查看星级驿站</View>
      </Screen>
    )
  }
  return (
    <Screen className='admin-ratings'>
      <View className='admin-ratings-head'>
        <View className='admin-ratings-head__title'>星级驿站</View>
        <View className='admin-ratings-head__sub muted'>每季度结束后自动评定；收到诉求少于规定件数的驿站为“数据不足”，不算低分</View>
      </View>
      {areas.length > 1 ? (
        <View className='chips area-chips'>
          {areas.map((a) => (
            <Text key={a.id} className={`chip area-${a.id} ${a.id === area ? 'chip--on' : ''}`} onClick={() => setAreaId(a.id)}>
              {a.name}
            </Text>
          ))}
        </View>
      ) : null}
      <Tabs items={TABS} active={tab} onChange={setTab} />
      {tab === 'ratings' ? <RatingsTab areaId={area} /> : null}
      {tab === 'supervision' ? <SupervisionTab areaId={area} /> : null}
      {tab === 'awards' ? <AwardsTab areaId={area} /> : null}
      {tab === 'rules' ? <RulesTab /> : null}
    </Screen>
  )
}

const FILTERS: Array<{ key: RatingFilter; label: string }> = [
  { key: 'all', label: '全部' },
  { key: 'fastTrack', label: '快速通道' },
  { key: 'low', label: '低星' },
  { key: 'insufficient', label: '数据不足' },
]

function RatingsTab({ areaId }: { areaId: string }) {
  const [quarter, setQuarter] = useState<string>()
  const [filter, setFilter] = useState<RatingFilter>('all')
  const list = usePaged(listRatings, { areaId, ...(quarter ? { quarter } : {}), filter })
  const job = useExportJob({ openFailed: '文件没能打开，请再点一次', unfinished: '评定还没有完成，请稍后再点 重新评定' })
  usePullToReload(list.reload)
  useShownAgain(() => void list.reload())
  useReachBottom(() => void list.loadMore())
  const head = list.last

  async function rerun() {
    if (!head || job.busy) return
    const ok = await confirm({
      title: `重新评定${head.quarterLabel}？`,
      content: `按现在的评分规则重新评定${head.areaName}各驿站${head.quarterLabel}的星级。管理员调整过的星级和理由保留。`,
      confirmText: '重新评定',
      cancelText: '再想想',
    })
    if (!ok) return
    // A city-wide run is rated a page per call (ADR 0028): the call is made again while the job is running.
    const done = await job.start((onProgress) => runJobWith(computeRatings, { areaId, quarter: head.quarter }, (view) => view, onProgress))
    if (!done?.ok) return
    toast('已评定', 'success')
    await list.reload()
  }

  return (
    <View className='ratings-tab'>
      {head ? (
        <>
          <View className='chips quarter-chips'>
            {head.quarters.slice(0, 4).map((q) => (
              <Text key={q.quarter} className={`chip quarter-${q.quarter} ${q.quarter === head.quarter ? 'chip--on' : ''}`} onClick={() => setQuarter(q.quarter)}>
                {q.label.replace('年', ' ')}
              </Text>
            ))}
          </View>
          <View className='card ratings-counts'>
            <View className='ratings-counts__title'>
              {head.areaName} · {head.quarterLabel}
            </View>
            <View className='ratings-counts__bands'>
              {[5, 4, 3, 2, 1].map((k) => (
                <View key={k} className={`ratings-band band-${k}`}>
                  <Text className='ratings-band__n'>{head.counts.stars[k - 1]}</Text>
                  <Text className='ratings-band__label'>{k} 星</Text>
                </View>
              ))}
              <View className='ratings-band band-0'>
                <Text className='ratings-band__n'>{head.counts.insufficient + head.counts.empty}</Text>
                <Text className='ratings-band__label'>数据不足</Text>
              </View>
            </View>
            {head.counts.empty ? <View className='ratings-counts__note muted'>其中 {head.counts.empty} 个驿站本季度没有诉求、活动和测评记录</View> : null}
          </View>
        </>
      ) : null}
      <Tabs items={FILTERS} active={filter} onChange={setFilter} />
      <PagedListState list={list} empty={{ text: filter === 'all' ? '这个季度还没有评定结果' : '没有符合条件的驿站', hint: filter === 'all' ? '季度结束后自动评定，也可以点下面的“重新评定”' : '换一个筛选看看' }} rows={4}>
        {list.items.map((r) => (
          <View key={r.stationId} className={`card rating-row row-${r.stationId}`} onClick={() => go(ROUTES.officerRating, { stationId: r.stationId, quarter: head?.quarter })}>
            <View className='rating-row__top'>
              <Text className='rating-row__name'>{r.stationName}</Text>
              <Text className='rating-row__kind muted'>{r.kindLabel}</Text>
            </View>
            <StarLine stars={r.stars} label={r.starsLabel} small />
            <View className='rating-row__tags'>
              {r.score !== null ? <Text className='muted'>得分 {r.score}</Text> : null}
              {r.adjusted ? <Tag type='warning'>已调整</Tag> : null}
              {r.low ? <Tag type='danger'>低星</Tag> : null}
              {r.supervised ? <Tag type='danger'>重点监督</Tag> : null}
            </View>
          </View>
        ))}
      </PagedListState>
      {head ? (
        <View className='card ratings-rerun'>
          <View className='ratings-rerun__hint'>改了评分规则、或补录了数据后，可以重新评定这个季度，并导出评定表。</View>
          <JobProgress busy={job.busy} job={job.job} verb='评定' unit='个驿站' />
          {job.error ? <View className='text-danger'>{job.error}</View> : null}
          {!job.busy && job.job?.state === 'done' ? (
            <View className='ratings-rerun__done'>
              <Text>已生成：{job.job.fileName}</Text>
              <Button size='small' className='open-ratings-file' onClick={() => void job.open(job.job?.url, job.job?.fileName)}>
                打开评定表
              </Button>
            </View>
          ) : null}
          <Button type='primary' block className='rerun-ratings' loading={job.busy} onClick={() => void rerun()}>
            重新评定{head.quarterLabel}
          </Button>
        </View>
      ) : null}
    </View>
  )
}

function SupervisionTab({ areaId }: { areaId: string }) {
  const [status, setStatus] = useState<'on' | 'all'>('on')
  const list = usePaged(listSupervision, { areaId, status })
  usePullToReload(list.reload)
  useShownAgain(() => void list.reload())
  useReachBottom(() => void list.loadMore())
  return (
    <View className='supervision-tab'>
      <Tabs
        items={[
          { key: 'on', label: '现在的' },
          { key: 'all', label: '全部（含已移出）' },
        ]}
        active={status}
        onChange={setStatus}
      />
      <PagedListState list={list} empty={{ text: status === 'on' ? '现在没有重点监督对象' : '还没有驿站被列为重点监督对象', hint: '连续两个季度低星的驿站会自动列入；也可以在驿站的星级页上由管理员决定列入' }} rows={3}>
        {list.items.map((s) => (
          <View key={s.stationId} className={`card sup-row sup-${s.stationId} ${s.on ? 'sup-row--on' : ''}`} onClick={() => go(ROUTES.officerRating, { stationId: s.stationId })}>
            <View className='sup-row__top'>
              <Text className='sup-row__name'>{s.stationName}</Text>
              {s.on ? <Tag type='danger'>重点监督</Tag> : <Tag>已移出</Tag>}
            </View>
            <View className='sup-row__meta'>
              {s.sinceLabel} · 整改 {s.openTasks} 项未完成{s.overdueTasks ? `，${s.overdueTasks} 项已超期` : ''}
            </View>
            {s.history.map((e, i) => (
              <View key={i} className='sup-row__event'>
                <Text className='sup-row__when'>
                  {e.atLabel} {e.label}
                  {e.byName ? `（${e.byName}）` : ''}
                </Text>
                <View className='muted'>{e.reason}</View>
              </View>
            ))}
          </View>
        ))}
      </PagedListState>
    </View>
  )
}

function AwardsTab({ areaId }: { areaId: string }) {
  const list = usePaged(listAwards, { areaId })
  usePullToReload(list.reload)
  useShownAgain(() => void list.reload())
  useReachBottom(() => void list.loadMore())
  return (
    <PagedListState list={list} empty={{ text: '还没有和谐之星', hint: '在驿站的星级页上点“记录和谐之星”' }} rows={3}>
      {list.items.map((a) => (
        <View key={a.id} className={`card award-row award-${a.id}`} onClick={() => go(ROUTES.officerRating, { stationId: a.stationId })}>
          <View className='award-row__who'>★ {a.who}</View>
          <View className='award-row__station muted'>{a.stationName}</View>
          <View className='award-row__why'>{a.why}</View>
          <View className='award-row__meta muted'>
            {a.dateLabel} · {a.byName} 记录
          </View>
        </View>
      ))}
    </PagedListState>
  )
}

const WEIGHT_KEYS = ['acceptOnTime', 'resolveOnTime', 'satisfaction', 'reopen', 'survey', 'activity'] as const
type Draft = Record<string, string>

const toDraft = (c: RatingConfigInput): Draft => ({
  minCases: String(c.minCases),
  ...Object.fromEntries(WEIGHT_KEYS.map((k) => [`w.${k}`, String(c.weights[k])])),
  ...Object.fromEntries(c.starLines.map((v, i) => [`line.${i}`, String(v)])),
  lowStars: String(c.lowStars),
  activityTarget: String(c.activityTarget),
  weakPenalty: String(c.weakPenalty),
  fastTrackStars: String(c.fastTrackStars),
})
const num = (s: string | undefined) => (s && /^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN)
const fromDraft = (d: Draft): RatingConfigInput => ({
  minCases: num(d.minCases),
  weights: Object.fromEntries(WEIGHT_KEYS.map((k) => [k, num(d[`w.${k}`])])) as RatingConfigInput['weights'],
  starLines: [0, 1, 2, 3].map((i) => num(d[`line.${i}`])) as RatingConfigInput['starLines'],
  lowStars: num(d.lowStars),
  activityTarget: num(d.activityTarget),
  weakPenalty: num(d.weakPenalty),
  fastTrackStars: num(d.fastTrackStars),
})

function RulesTab() {
  const q = useQuery(getRatingConfig, {})
  const [draft, setDraft] = useState<Draft>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  usePullToReload(q.reload)
  if (!q.data) return <LoadState query={q} rows={4} />
  const d = q.data
  const c = d.config
  const field = (key: string, label: string) => (
    <Field key={key} label={label} type='number' value={draft![key] ?? ''} onChange={(v) => (setDraft({ ...draft!, [key]: v }), setError(undefined))} className={`field-rule-${key.replace('.', '-')}`} />
  )

  async function save() {
    const config = fromDraft(draft!)
    const input = { version: d.version, config }
    const checked = checkInput(setRatingConfig, input, '请检查填写的数字')
    if (!checked.ok) return setError(checked.message)
    // The server's preview: what would change, in the words the audit log will keep.
    setBusy(true)
    const preview = await call(setRatingConfig, { ...input, dryRun: true })
    setBusy(false)
    if (!preview.ok) return setError(preview.error.message)
    if (!preview.data.changes.length) return setError('没有改动')
    const ok = await confirm({
      title: '保存评分规则？',
      content: `${preview.data.changes.join('；')}。新规则用于之后的评定；已评定的季度保留原来的规则，重新评定时才按新规则。这次修改会记入操作记录。`,
      confirmText: '保存',
      cancelText: '再想想',
    })
    if (!ok) return
    setBusy(true)
    const res = await call(setRatingConfig, input)
    setBusy(false)
    if (!res.ok) return setError(res.error.message)
    toast('已保存', 'success')
    setDraft(undefined)
    await q.reload()
  }

  if (draft) {
    return (
      <View className='card'>
        <Panel className='rules-form' title='修改评分规则' hint='权重只看比例，不必加起来等于 100；没有数据的指标不计，它的权重分给其他指标。' error={error} submitText='保存' busy={busy} onCancel={() => setDraft(undefined)} onSubmit={() => void save()}>
          {field('minCases', '最少诉求数（少于此数为数据不足）')}
          {WEIGHT_KEYS.map((k) => field(`w.${k}`, `${d.labels[k]}权重`))}
          {[0, 1, 2, 3].map((i) => field(`line.${i}`, `${i + 2} 星分数线`))}
          {field('lowStars', '低星线（不高于此星级为低星）')}
          {field('activityTarget', '活动满分次数（每季度）')}
          {field('weakPenalty', '每个薄弱环节扣分')}
          {field('fastTrackStars', '享受快速通道的星级')}
        </Panel>
      </View>
    )
  }
  return (
    <View className='rules-tab'>
      <View className='card rules-view'>
        <View className='rules-view__title'>{d.isDefault ? '现行评分规则（默认）' : '现行评分规则'}</View>
        <View className='rules-line'>收到诉求少于 {c.minCases} 件：数据不足，不评星级</View>
        {WEIGHT_KEYS.map((k) => (
          <View key={k} className={`rules-line rules-weight-${k}`}>
            {d.labels[k]}：权重 {c.weights[k]}
          </View>
        ))}
        <View className='rules-line'>二至五星分数线：{c.starLines.join(' / ')} 分，低于 {c.starLines[0]} 分为一星</View>
        <View className='rules-line'>不高于 {c.lowStars} 星为低星，连续两个季度低星列为重点监督对象</View>
        <View className='rules-line'>每季度登记 {c.activityTarget} 次活动得满分；每个薄弱环节扣 {c.weakPenalty} 分</View>
        <View className='rules-line'>{c.fastTrackStars} 星及以上享受快速通道</View>
      </View>
      {d.canEdit ? (
        <View className='actions'>
          <Button type='primary' size='large' className='edit-rules' onClick={() => setDraft(toDraft(c))}>
            修改评分规则
          </Button>
        </View>
      ) : (
        <View className='rules-note muted'>评分规则由市级管理员修改</View>
      )}
    </View>
  )
}
