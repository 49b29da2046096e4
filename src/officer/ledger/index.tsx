import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { InputOf } from '../../../types/contract'
import {
  ACTIVITY_KIND_LABEL,
  ActivityKind,
  createActivity,
  exportLedger,
  getActivityPhotos,
  getLedger,
  listActivities,
  removeActivity,
  uploadActivityPhoto,
  type ActivityItem,
  type LedgerFigure,
} from '../../../types/contracts/ledger'
import { checkInput } from '../../client/check'
import { call } from '../../client/cloud'
import { useFormRequest } from '../../client/form-request'
import { textLimits } from '../../client/limits'
import { runJob } from '../../client/job'
import { usePaged, useQuery } from '../../client/query'
import { usePageParams } from '../../device/nav'
import { useListPage } from '../../device/page-hooks'
import { Button, confirm, DatePicker, Field, LoadState, PagedListState, Panel, RadioCards, Table, Tag, toast } from '../../ui'
import { JobProgress, useExportJob } from '../../shared/export-job'
import { attachBusy, attachedIds, attachFailed, MediaAttach, type AttachItem } from '../../shared/media-attach'
import { PhotoTiles } from '../../shared/media-list'
import { Screen } from '../../shared/screen'
import './index.scss'

const PLACE = textLimits(createActivity.input.shape.place)
const NOTE = textLimits(createActivity.input.shape.note)
const KIND_MISSING = '请选择活动类型'
const KINDS = ActivityKind.options.map((value) => ({ value, title: ACTIVITY_KIND_LABEL[value] }))

/** Today on this phone, 'YYYY-MM-DD' (the server refuses a date after its own today). */
const today = () => {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/**
 * 工作台账: a station's month — what came in and what became of it, satisfaction, conclusions, wage arrears
 * recovered, the activities its officers logged — and 导出 Excel with its progress. Every figure and word is
 * the server's; the page only lays them out.
 */
export default function Ledger() {
  const { stationId } = usePageParams()
  const [month, setMonth] = useState<string>()
  const q = useQuery(getLedger, stationId ? { stationId, ...(month ? { month } : {}) } : null)
  const shownMonth = q.data?.month
  const activities = usePaged(listActivities, stationId && shownMonth ? { stationId, month: shownMonth, limit: 20 } : null)
  useListPage({
    reload: async () => {
      await Promise.all([q.reload(), activities.reload()])
    },
    loadMore: activities.loadMore,
  })

  const [adding, setAdding] = useState(false)
  const [form, setForm] = useState({ kind: undefined as ActivityKind | undefined, date: today(), place: '', attendees: '', note: '' })
  const [photos, setPhotos] = useState<AttachItem[]>([])
  const [formError, setFormError] = useState<string>()
  const [busy, setBusy] = useState<string>()
  const request = useFormRequest()
  const exporting = useExportJob({ openFailed: '文件没能打开，请再点一次“打开文件”' })

  if (!q.data) {
    return (
      <Screen className='ledger'>
        <LoadState query={q} rows={5} missing='没有找到这个驿站，请从工作台进入' />
      </Screen>
    )
  }
  const d = q.data

  function goMonth(m: string | null) {
    if (!m) return
    setMonth(m)
    exporting.reset()
  }

  function openAdd() {
    setAdding(true)
    setForm({ kind: undefined, date: today(), place: '', attendees: '', note: '' })
    setPhotos([])
    setFormError(undefined)
  }

  async function submitActivity() {
    if (busy) return
    if (!form.kind) return setFormError(KIND_MISSING)
    if (attachBusy(photos)) return setFormError('照片还在上传，请稍等')
    if (attachFailed(photos)) return setFormError('有照片没传上去：点 重试，或删掉它再登记')
    const input: InputOf<typeof createActivity> = {
      stationId: d.stationId,
      kind: form.kind,
      date: form.date,
      place: form.place.trim(),
      attendees: form.attendees.trim() === '' ? Number.NaN : Number(form.attendees),
      note: form.note.trim(),
      photos: attachedIds(photos),
    }
    const checked = checkInput(createActivity, input, '请把活动信息填完整')
    if (!checked.ok) return setFormError(checked.message)
    setFormError(undefined)
    setBusy('add')
    const res = await call(createActivity, input, { requestId: request.idFor(input) })
    setBusy(undefined)
    if (!res.ok) return setFormError(res.error.message)
    request.done()
    setAdding(false)
    setPhotos([])
    toast(res.data.date.slice(0, 7) === d.month ? '已登记' : `已登记，记在 ${Number(res.data.date.slice(5, 7))} 月的台账里`, 'success')
    await Promise.all([q.reload(), activities.reload()])
  }

  async function remove(a: ActivityItem) {
    if (busy) return
    const ok = await confirm({
      title: '删除这条活动记录？',
      content: `${a.dateLabel} ${a.kindLabel}（${a.place}）${a.photoCount ? `和它的 ${a.photoCount} 张照片` : ''}会从台账里删除，不能恢复。`,
      confirmText: '删除',
      cancelText: '再想想',
    })
    if (!ok) return
    setBusy(`remove-${a.id}`)
    const res = await call(removeActivity, { stationId: d.stationId, id: a.id, version: a.version })
    setBusy(undefined)
    if (!res.ok) toast(res.error.message)
    else toast('已删除', 'success')
    await Promise.all([q.reload(), activities.reload()])
  }

  async function startExport() {
    const done = await exporting.start((onProgress) => runJob(exportLedger, { stationId: d.stationId, month: d.month }, onProgress))
    if (done?.ok) void exporting.open(done.job?.url, done.job?.fileName)
  }

  const job = exporting.job
  return (
    <Screen className='ledger'>
      <View className='ledger-head'>
        <View className='ledger-head__title station-name'>{d.stationName}</View>
        <View className='ledger-head__sub'>工作台账 · 按月统计本驿站办理的诉求和开展的活动</View>
      </View>

      <View className='ledger-months'>
        <Text className='ledger-months__go ledger-prev' onClick={() => goMonth(d.prevMonth)}>
          ‹ 上个月
        </Text>
        <Text className='ledger-months__now ledger-month'>{d.monthLabel}</Text>
        {d.nextMonth ? (
          <Text className='ledger-months__go ledger-next' onClick={() => goMonth(d.nextMonth)}>
            下个月 ›
          </Text>
        ) : (
          <Text className='ledger-months__go ledger-months__go--off'>本月</Text>
        )}
      </View>
      {d.scopeNote ? <View className='ledger-scope'>{d.scopeNote}</View> : null}

      <View className='section-title'>诉求办理</View>
      <View className='card'>
        <Table<LedgerFigure>
          className='ledger-figures'
          rowKey={(f) => f.key}
          columns={[
            { key: 'label', title: '项目', grow: 3, render: (f) => <Text>{f.label}</Text> },
            { key: 'value', title: '数量', align: 'right', grow: 2, render: (f) => <Text className='ledger-figure__value'>{`${f.value} ${f.unit}`}</Text> },
            { key: 'note', title: '说明', grow: 4, render: (f) => <Text className='muted'>{f.note ?? ''}</Text> },
          ]}
          rows={d.figures}
        />
      </View>

      <View className='section-title'>职工满意度</View>
      <View className='card ledger-satisfaction'>
        <View className='ledger-satisfaction__big'>{d.satisfaction.meanStars === null ? '暂无评价' : `平均 ${d.satisfaction.meanStars} 星`}</View>
        <View className='ledger-satisfaction__words'>{d.satisfaction.words}</View>
      </View>

      <View className='section-title'>办结结论</View>
      <View className='card'>
        <Table
          className='ledger-conclusions'
          rowKey={(c) => c.key}
          columns={[
            { key: 'label', title: '结论', grow: 3, render: (c) => <Text>{c.label}</Text> },
            { key: 'count', title: '件数', align: 'right', render: (c) => <Text>{c.count}</Text> },
          ]}
          rows={d.conclusions}
        />
        <View className='ledger-wage'>{d.wage.words}</View>
      </View>

      {d.byCategory.length ? (
        <>
          <View className='section-title'>按类别</View>
          <View className='card'>
            <Table
              className='ledger-categories'
              rowKey={(c) => c.category}
              columns={[
                { key: 'label', title: '类别', grow: 3, render: (c) => <Text>{c.label}</Text> },
                { key: 'received', title: '收到', align: 'right', render: (c) => <Text>{c.received}</Text> },
                { key: 'resolved', title: '办结', align: 'right', render: (c) => <Text>{c.resolved}</Text> },
                { key: 'overdue', title: '超期', align: 'right', render: (c) => <Text>{c.overdue}</Text> },
              ]}
              rows={d.byCategory}
            />
          </View>
        </>
      ) : null}

      <View className='section-title'>导出</View>
      <View className='card ledger-export'>
        <View className='ledger-export__hint'>导出 {d.monthLabel} 的台账（汇总、办结结论、分类、诉求明细、活动记录各一张表）。明细里的职工姓名和电话只在你能查看时写入，并记入访问记录。</View>
        <JobProgress busy={exporting.busy} job={job} verb='生成' unit='条' />
        {!exporting.busy && job?.state === 'done' ? (
          <View className='ledger-export__done'>
            <View className='ledger-export__file'>已生成：{job.fileName}</View>
            <Button size='small' className='open-export' onClick={() => void exporting.open(job.url, job.fileName)}>
              打开文件
            </Button>
          </View>
        ) : null}
        {exporting.error ? <View className='ledger-export__error'>{exporting.error}</View> : null}
        <View className='ledger-export__button'>
          <Button block type='primary' className='export-ledger' loading={exporting.busy} onClick={() => void startExport()}>
            {exporting.error ? '重新导出' : '导出 Excel'}
          </Button>
        </View>
      </View>

      <View className='section-title'>活动记录（{d.activities} 次）</View>
      {adding ? (
        <View className='card'>
          <Panel
            className='activity-form'
            title='登记活动'
            hint='会议、宣讲、走访、培训、调解都可以登记，记入活动日期所在月份的台账。'
            error={formError}
            submitText='登记'
            busy={busy === 'add'}
            onCancel={() => setAdding(false)}
            onSubmit={() => void submitActivity()}
          >
            <RadioCards classPrefix='activity-kind' columns={2} value={form.kind} options={KINDS} onChange={(kind) => {
                setForm((f) => ({ ...f, kind }))
                // The refusal that asked for a type goes once one is chosen.
                if (formError === KIND_MISSING) setFormError(undefined)
              }}
            />
            <DatePicker label='日期' value={form.date} end={today()} placeholder='选择日期' onChange={(date) => setForm((f) => ({ ...f, date }))} className='activity-date' />
            <Field label='地点' required value={form.place} onChange={(place) => setForm((f) => ({ ...f, place }))} maxlength={PLACE.max} placeholder='例如 街道便民服务中心二楼' className='field-activity-place' />
            <Field label='参加人数' required type='number' value={form.attendees} onChange={(attendees) => setForm((f) => ({ ...f, attendees }))} placeholder='例如 30' className='field-activity-attendees' />
            <Field
              type='textarea'
              label='内容'
              required
              value={form.note}
              onChange={(note) => setForm((f) => ({ ...f, note }))}
              maxlength={NOTE.max}
              showWordLimit
              placeholder='例如 宣讲《保障农民工工资支付条例》，发放资料 50 份'
              className='field-activity-note'
            />
            <View className='activity-photos-label'>现场照片（选填，最多 9 张）</View>
            <MediaAttach
              value={photos}
              onChange={setPhotos}
              via={uploadActivityPhoto}
              fields={{ stationId: d.stationId }}
              voice={false}
              note='照片会去掉拍摄地点等信息，只有本驿站的工作人员能看到。'
              removeWords='删除后不会登记到这条活动里。'
            />
          </Panel>
        </View>
      ) : (
        <View className='actions ledger-add'>
          <Button type='primary' plain block className='open-activity' onClick={openAdd}>
            登记活动
          </Button>
        </View>
      )}
      <View className='ledger-activities'>
        <PagedListState list={activities} empty={{ text: `${d.monthLabel}还没有登记活动`, hint: '开过会、做过宣讲或走访后，点上面的 登记活动' }}>
          {activities.items.map((a) => (
            <View key={a.id} className={`activity-row activity-${a.id}`}>
              <View className='activity-row__top'>
                <Tag type='primary' plain>
                  {a.kindLabel}
                </Tag>
                <Text className='activity-row__date'>{a.dateLabel}</Text>
                <Text className='activity-row__people'>{a.attendees} 人</Text>
              </View>
              <View className='activity-row__place'>{a.place}</View>
              <View className='activity-row__note'>{a.note}</View>
              <PhotoTiles
                className='activity-row__photos'
                items={a.photos}
                expiresAt={a.photosExpireAt}
                refresh={async () => {
                  const r = await call(getActivityPhotos, { stationId: d.stationId, id: a.id })
                  return r.ok ? r.data : null
                }}
              />
              <View className='activity-row__foot'>
                <Text className='muted'>登记人：{a.officerName}</Text>
                {a.mine ? (
                  <Text className='activity-row__remove activity-remove' onClick={() => void remove(a)}>
                    删除
                  </Text>
                ) : null}
              </View>
            </View>
          ))}
        </PagedListState>
      </View>
    </Screen>
  )
}
