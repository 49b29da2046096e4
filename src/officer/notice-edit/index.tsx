import { Text, View } from '@tarojs/components'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { InputOf, OutputOf } from '../../../types/contract'
import {
  createNotice,
  getManagedNotice,
  getNoticeRevision,
  listNoticePlaces,
  NOTICE_CATEGORY_LABEL,
  NoticeCategory,
  previewNotice,
  updateNotice,
  withdrawNotice,
  type NoticeBlock,
} from '../../../types/contracts/policy-notices'
import { listCountyStations } from '../../../types/contracts/station'
import { fieldErrors, type Issue } from '../../client/check'
import { call, newRequestId } from '../../client/cloud'
import { lengthInWords, textLimits } from '../../client/limits'
import { useQuery } from '../../client/query'
import { back, replace, ROUTES, usePageParams } from '../../device/nav'
import { Button, confirm, DatePicker, Field, LoadState, Panel, RadioCards, toast } from '../../ui'
import { afterShanghaiDay, fromShanghai, lastShanghaiDay, shanghaiDate, shanghaiTime } from '../../shared/china-time'
import { NoticeBody } from '../../shared/notice-body'
import { filesBusy, NoticeFiles, noticeFilesOf, NoticeFilesEdit, savedFiles, type NoticeFileItem } from '../../shared/notice-files'
import { Screen } from '../../shared/screen'
import './index.scss'

type Managed = OutputOf<typeof getManagedNotice>
type FieldKey = 'stationId' | 'title' | 'category' | 'body' | 'publishAt' | 'expiresAt' | 'draft' | 'attachments'
const FALLBACK: Record<FieldKey, string> = {
  stationId: '请选择发布到哪个驿站',
  title: '请填写标题（4 到 40 个字）',
  category: '请选择类别',
  body: '请填写正文',
  publishAt: '请选择发布的日期和时间',
  expiresAt: '请选择失效日期',
  draft: '请检查填写的内容',
  attachments: '请检查附件',
}
const keyOf = (path: readonly PropertyKey[]): FieldKey | undefined => {
  const k = String(path[0] ?? '')
  return (Object.keys(FALLBACK) as FieldKey[]).find((f) => f === k)
}
const errorsOf = (issues: ReadonlyArray<Issue>) => fieldErrors(issues, FALLBACK, keyOf)

const TITLE = textLimits(createNotice.input.shape.title)
const BODY = textLimits(createNotice.input.shape.body)
const REASON = textLimits(withdrawNotice.input.shape.reason)

/** 编辑政策: a new notice (`?stationId=`), or one to change, publish or withdraw (`?id=`), with its history. */
export default function NoticeEditPage() {
  const { id, stationId } = usePageParams()
  const q = useQuery(getManagedNotice, id ? { id } : null)
  if (id && !q.data) {
    return (
      <Screen className='notice-edit'>
        <LoadState query={q} rows={5} />
      </Screen>
    )
  }
  return <Editor key={q.data?.version ?? 'new'} existing={q.data} stationId={stationId} reload={q.reload} />
}

function Editor(props: { existing?: Managed; stationId?: string; reload: () => Promise<void> }) {
  const n = props.existing
  const [stationId, setStationId] = useState(n?.stationId ?? props.stationId ?? '')
  const [stationName, setStationName] = useState(n?.stationName ?? '')
  const [title, setTitle] = useState(n?.title ?? '')
  const [category, setCategory] = useState<NoticeCategory | undefined>(n?.category)
  const [body, setBody] = useState(n?.body ?? '')
  const [files, setFiles] = useState<NoticeFileItem[]>(() => noticeFilesOf(n?.attachments ?? []))
  const scheduled = n?.status === 'scheduled' || (n?.status === 'draft' && n.publishAt !== null)
  const [publishMode, setPublishMode] = useState<'now' | 'later'>(scheduled ? 'later' : 'now')
  const [publishDate, setPublishDate] = useState(scheduled && n?.publishAt ? shanghaiDate(n.publishAt) : '')
  const [publishTime, setPublishTime] = useState(scheduled && n?.publishAt ? shanghaiTime(n.publishAt) : '09:00')
  const [expiresMode, setExpiresMode] = useState<'never' | 'until'>(n?.expiresAt ? 'until' : 'never')
  const [expiresDate, setExpiresDate] = useState(n?.expiresAt ? lastShanghaiDay(n.expiresAt) : '')
  const [errors, setErrors] = useState<Partial<Record<FieldKey, string>>>({})
  const [formError, setFormError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [requestId] = useState(newRequestId)
  const [withdrawing, setWithdrawing] = useState(false)
  const [reason, setReason] = useState('')

  const readOnly = n?.status === 'withdrawn'
  const isNew = !n
  const isDraft = isNew || n?.status === 'draft'
  const today = shanghaiDate(Date.now())

  const clear = (k: FieldKey) => {
    setFormError(undefined)
    setErrors((e) => (e[k] ? { ...e, [k]: undefined } : e))
  }

  // What workers will see, from the server's parser, a moment after the last keystroke.
  const [preview, setPreview] = useState<{ blocks: NoticeBlock[]; refusedLinks: string[] } | undefined>(n ? { blocks: n.blocks, refusedLinks: [] } : undefined)
  const seq = useRef(0)
  useEffect(() => {
    const mine = ++seq.current
    if (!body.trim()) {
      setPreview(undefined)
      return
    }
    const timer = setTimeout(() => {
      void call(previewNotice, { body: body.slice(0, BODY.max) }).then((res) => {
        if (mine === seq.current && res.ok) setPreview(res.data)
      })
    }, 400)
    return () => clearTimeout(timer)
  }, [body])

  function fields(draft: boolean) {
    return {
      title: title.trim(),
      category: category as NoticeCategory,
      body,
      publishAt: publishMode === 'later' ? fromShanghai(publishDate, publishTime) : null,
      expiresAt: expiresMode === 'until' ? afterShanghaiDay(expiresDate) : null,
      draft,
      attachments: savedFiles(files),
    }
  }

  function refuse(fieldsOf: Partial<Record<FieldKey, string>>, message?: string) {
    setErrors(fieldsOf)
    const first = message ?? Object.values(fieldsOf).find(Boolean) ?? '请检查填写的内容'
    setFormError(first)
    toast(first)
  }

  async function save(draft: boolean) {
    if (busy || readOnly) return
    if (filesBusy(files)) return refuse({ attachments: '附件还在上传，请等它传完再保存' })
    if (files.some((i) => i.state === 'failed')) return refuse({ attachments: '有附件没传上去：点 重试，或者把它去掉' })
    const f = fields(draft)
    if (f.publishAt !== null && Number.isNaN(f.publishAt)) return refuse({ publishAt: FALLBACK.publishAt })
    if (f.expiresAt !== null && Number.isNaN(f.expiresAt)) return refuse({ expiresAt: FALLBACK.expiresAt })
    const checked = n ? updateNotice.input.safeParse({ id: n.id, version: n.version, ...f }) : createNotice.input.safeParse({ stationId, ...f })
    if (!checked.success) return refuse(errorsOf(checked.error.issues))
    setErrors({})
    const where = stationName || '所选驿站'
    const when = f.publishAt !== null ? `将在 ${publishDate} ${publishTime} 自动发布，` : '发布后，'
    const ask = draft
      ? null
      : isDraft
        ? { title: `发布《${f.title}》？`, content: `${when}${where}和它下级驿站的职工都能在“政策”里看到。`, confirmText: '发布' }
        : { title: '保存修改？', content: '职工会看到修改后的内容；原来的版本保存在修改记录里。', confirmText: '保存' }
    if (ask && !(await confirm({ ...ask, cancelText: '再看看' }))) return
    setBusy(true)
    const res = n
      ? await call(updateNotice, { id: n.id, version: n.version, ...f } as InputOf<typeof updateNotice>)
      : await call(createNotice, { stationId, ...f } as InputOf<typeof createNotice>, { requestId })
    setBusy(false)
    if (!res.ok) {
      if (res.error.code === 'STORE_CONFLICT') {
        toast(res.error.message)
        await props.reload()
        return
      }
      const byField: Partial<Record<FieldKey, string>> = {}
      for (const path of res.error.fields ?? []) {
        const k = keyOf(path.split('.'))
        if (k && !byField[k]) byField[k] = res.error.message
      }
      return refuse(byField, res.error.message)
    }
    const done = draft ? '草稿已保存' : res.data.status === 'scheduled' ? '已设定时发布' : isDraft ? '已发布' : '已保存修改'
    // Content security found something (ADR 0032): saved as chosen all the same; the publisher decides whether to change it.
    const found = res.data.contentNotice
    if (found) {
      const mend = await confirm({ title: `${done}，但有内容安全提示`, content: `${found.text}。${found.hint}。`, confirmText: '去修改', cancelText: '知道了' })
      if (mend) return replace(ROUTES.officerNoticeEdit, { id: res.data.id })
    } else toast(done, 'success')
    back(ROUTES.officerNotices)
  }

  async function withdraw() {
    if (busy || !n) return
    const r = reason.trim()
    const checked = withdrawNotice.input.safeParse({ id: n.id, version: n.version, reason: r })
    if (!checked.success) return setFormError(checked.error.issues[0]?.message ?? '请写明原因')
    const ok = await confirm({ title: `撤回《${n.title}》？`, content: '撤回后职工就看不到这条政策了，不能再恢复；修改记录和阅读人数会保留。', confirmText: '撤回', cancelText: '再想想' })
    if (!ok) return
    setBusy(true)
    const res = await call(withdrawNotice, { id: n.id, version: n.version, reason: r })
    setBusy(false)
    if (!res.ok) {
      setFormError(res.error.message)
      toast(res.error.message)
      if (res.error.code === 'STORE_CONFLICT') await props.reload()
      return
    }
    toast('已撤回', 'success')
    setWithdrawing(false)
    await props.reload()
  }

  return (
    <Screen className='notice-edit'>
      {n ? (
        <View className='ne-status'>
          <Text className='ne-status__label'>{n.statusLabel}</Text>
          <Text>{n.whenLabel}</Text>
          <Text className='ne-status__reads'>阅读 {n.readCount} 人（每人只算一次）</Text>
        </View>
      ) : null}

      {n?.contentNotice ? (
        <View className='ne-content-notice'>
          <View className='ne-content-notice__text'>{n.contentNotice.text}</View>
          <View className='ne-content-notice__hint'>{n.contentNotice.hint}</View>
        </View>
      ) : null}

      <StationChoice stationId={stationId} stationName={stationName} fixed={!isNew} error={errors.stationId} onChoose={(s) => (clear('stationId'), setStationId(s.id), setStationName(s.name))} />

      {readOnly ? (
        <View className='card ne-readonly'>
          <View className='ne-readonly__title'>{n!.title}</View>
          <NoticeBody blocks={n!.blocks} />
          <NoticeFiles items={n!.attachments} />
        </View>
      ) : (
        <>
          <View className='section-title'>标题和类别</View>
          <View className='card ne-card'>
            <Field label='标题' required value={title} maxlength={TITLE.max} placeholder='一句话说清这条政策讲什么' onChange={(v) => (clear('title'), setTitle(v))} error={errors.title} wrap className='field-notice-title' />
            <View className='ne-sub'>类别</View>
            <RadioCards
              classPrefix='notice-category'
              columns={2}
              value={category}
              onChange={(v) => (clear('category'), setCategory(v))}
              options={NoticeCategory.options.map((c) => ({ value: c, title: NOTICE_CATEGORY_LABEL[c] }))}
              error={errors.category}
            />
          </View>

          <View className='section-title'>正文</View>
          <View className='card ne-card'>
            <View className='ne-hint'>
              小标题：行首写“## ”；列表：行首写“- ”或“1. ”；加粗：把字放在两对星号中间，如 **重点**；链接：[文字](/pages/hotlines/index)，只能链到小程序页面和政府网站。正文 {lengthInWords(BODY)}。
            </View>
            <Field type='textarea' value={body} maxlength={BODY.max} showWordLimit placeholder='写下政策要点，用职工看得懂的话' onChange={(v) => (clear('body'), setBody(v))} error={errors.body} className='field-notice-body' />
          </View>

          <View className='section-title'>附件（可以不加）</View>
          <View className='card ne-card ne-files'>
            <NoticeFilesEdit value={files} onChange={(v) => (clear('attachments'), setFiles(v))} error={errors.attachments} />
          </View>

          <View className='section-title'>预览（职工看到的样子）</View>
          <View className='card ne-preview'>
            {preview?.refusedLinks.length ? (
              <View className='ne-preview__warn'>这些链接不在允许的范围内，会显示成普通文字：{preview.refusedLinks.join('、')}</View>
            ) : null}
            {preview ? <NoticeBody blocks={preview.blocks} /> : <View className='muted'>写了正文后，这里显示职工看到的样子</View>}
          </View>

          <View className='section-title'>什么时候发布</View>
          <View className='card ne-card'>
            <RadioCards
              classPrefix='publish'
              columns={2}
              value={publishMode}
              onChange={(v) => (clear('publishAt'), setPublishMode(v))}
              options={[
                { value: 'now', title: n && n.status !== 'draft' && !scheduled ? '保持已发布' : '立即发布' },
                { value: 'later', title: '定时发布' },
              ]}
            />
            {publishMode === 'later' ? (
              <View className='ne-when'>
                <DatePicker label='发布日期' value={publishDate} start={today} placeholder='选择日期' onChange={(v) => (clear('publishAt'), setPublishDate(v))} className='picker-publish-date' />
                <DatePicker label='发布时间' mode='time' value={publishTime} placeholder='选择时间' onChange={(v) => (clear('publishAt'), setPublishTime(v))} className='picker-publish-time' />
              </View>
            ) : null}
            {errors.publishAt ? <View className='ne-error'>{errors.publishAt}</View> : null}
            <View className='ne-sub'>什么时候下线</View>
            <RadioCards
              classPrefix='expires'
              columns={2}
              value={expiresMode}
              onChange={(v) => (clear('expiresAt'), setExpiresMode(v))}
              options={[
                { value: 'never', title: '一直显示' },
                { value: 'until', title: '到期下线' },
              ]}
            />
            {expiresMode === 'until' ? (
              <View className='ne-when'>
                <DatePicker label='显示到哪一天' value={expiresDate} start={today} placeholder='显示到哪一天' onChange={(v) => (clear('expiresAt'), setExpiresDate(v))} className='picker-expires-date' />
                <Text className='ne-when__note'>这一天过完后下线</Text>
              </View>
            ) : null}
            {errors.expiresAt ? <View className='ne-error'>{errors.expiresAt}</View> : null}
          </View>

          {formError ? <View className='ne-form-error'>{formError}</View> : null}

          <View className='actions'>
            <Button type='primary' size='large' loading={busy} className='notice-publish' onClick={() => void save(false)}>
              {isDraft ? (publishMode === 'later' ? '定时发布' : '发布') : '保存修改'}
            </Button>
            {isDraft ? (
              <Button size='large' disabled={busy} className='notice-draft' onClick={() => void save(true)}>
                存为草稿
              </Button>
            ) : null}
          </View>
        </>
      )}

      {n && !readOnly ? (
        <View className='ne-withdraw'>
          {withdrawing ? (
            <Panel
              className='withdraw-form'
              title='撤回这条政策'
              hint={`撤回后职工就看不到了。请写明原因，${lengthInWords(REASON)}。`}
              error={formError}
              submitText='撤回'
              submitType='danger'
              busy={busy}
              onCancel={() => setWithdrawing(false)}
              onSubmit={() => void withdraw()}
            >
              <Field type='textarea' label='原因' required value={reason} maxlength={REASON.max} placeholder='例如：政策已调整，换成新的版本' onChange={(v) => (setFormError(undefined), setReason(v))} className='field-withdraw-reason' />
            </Panel>
          ) : (
            <View className='ne-withdraw__open notice-withdraw' onClick={() => (setFormError(undefined), setWithdrawing(true))}>
              撤回这条政策
            </View>
          )}
        </View>
      ) : null}

      {n ? <History notice={n} /> : null}
    </Screen>
  )
}

/** Where a new notice goes: the caller's own stations, or (admins) a station below, picked county first. */
function StationChoice(props: { stationId: string; stationName: string; fixed: boolean; error?: string; onChoose: (s: { id: string; name: string }) => void }) {
  const places = useQuery(listNoticePlaces, props.fixed ? null : {})
  const [open, setOpen] = useState(false)
  const [countyId, setCountyId] = useState<string>()
  const counties = places.data?.counties ?? []
  const below = useQuery(listCountyStations, open && countyId ? { countyId } : null)
  const own = places.data?.places ?? []
  const { onChoose, stationId, stationName } = props

  // The station named in the address, once the places are known.
  useEffect(() => {
    if (props.fixed || !places.data) return
    const named = own.find((p) => p.id === stationId) ?? (stationId ? undefined : own[0])
    if (named && named.name !== stationName) onChoose(named)
  }, [places.data])
  useEffect(() => {
    if (counties.length === 1 && !countyId) setCountyId(counties[0].id)
  }, [counties.length])

  const options = useMemo(() => below.data?.items.map((s) => ({ value: s.id, title: s.name, desc: s.kindLabel })) ?? [], [below.data])

  return (
    <View className='card ne-station'>
      <View className='ne-station__row'>
        <Text className='ne-station__label'>发布到</Text>
        <Text className='ne-station__name'>{stationName || '还没有选'}</Text>
        {!props.fixed ? (
          <Text className='ne-station__change' onClick={() => setOpen((v) => !v)}>
            {open ? '收起' : '换一个'}
          </Text>
        ) : null}
      </View>
      <View className='ne-station__hint'>本驿站和它下级驿站的职工都能看到</View>
      {props.error ? <View className='ne-error'>{props.error}</View> : null}
      {open ? (
        <View className='ne-station__pick'>
          <RadioCards
            classPrefix='place'
            value={stationId}
            onChange={(v) => {
              onChoose(own.find((p) => p.id === v)!)
              setOpen(false)
            }}
            options={own.map((p) => ({ value: p.id, title: p.name, desc: p.kindLabel }))}
          />
          {counties.length ? (
            <>
              <View className='ne-sub'>或者发布到下级驿站</View>
              {counties.length > 1 ? (
                <RadioCards classPrefix='pick-county' columns={2} value={countyId} onChange={setCountyId} options={counties.map((c) => ({ value: c.id, title: c.name }))} />
              ) : null}
              {countyId ? (
                below.data ? (
                  <RadioCards
                    classPrefix='pick-station'
                    value={stationId}
                    onChange={(v) => {
                      onChoose({ id: v, name: below.data!.items.find((s) => s.id === v)!.name })
                      setOpen(false)
                    }}
                    options={options}
                  />
                ) : (
                  <LoadState query={below} rows={2} />
                )
              ) : null}
            </>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}

/** Every earlier version, newest first; one opens to show how it read then. */
function History(props: { notice: Managed }) {
  const [rev, setRev] = useState<number>()
  const shown = useQuery(getNoticeRevision, rev ? { id: props.notice.id, rev } : null)
  return (
    <>
      <View className='section-title'>修改记录</View>
      <View className='card ne-history'>
        {props.notice.history.map((r) => (
          <View key={r.rev} className={`ne-rev ne-rev-${r.rev}`}>
            <View className='ne-rev__row' onClick={() => setRev(rev === r.rev ? undefined : r.rev)}>
              <View className='ne-rev__main'>
                <Text className='ne-rev__what'>{r.what}</Text>
                <Text className='ne-rev__meta'>
                  {r.atLabel} · {r.by}
                </Text>
                <Text className='ne-rev__title'>{r.title}</Text>
              </View>
              <Text className='ne-rev__toggle'>{rev === r.rev ? '收起' : '看这一版'}</Text>
            </View>
            {rev === r.rev ? <View className='ne-rev__body'>{shown.data && shown.data.rev === r.rev ? <NoticeBody blocks={shown.data.blocks} /> : <LoadState query={shown} rows={2} />}</View> : null}
          </View>
        ))}
      </View>
    </>
  )
}
