import type { AuditDoc, PolicyNoticeDoc, PolicyNoticeReadDoc } from '../../cloudfunctions/core/app/records'
import { NOTICE_IDS } from '../../cloudfunctions/core/data/policy-notices'
import {
  createNotice,
  getManagedNotice,
  getNotice,
  getNoticeRevision,
  listManagedNotices,
  listNoticePlaces,
  listNotices,
  previewNotice,
  updateNotice,
  withdrawNotice,
} from '../../types/contracts'
import type { InputOf } from '../../types/contract'
import { onBothStores } from '../support/both-stores'
import { expectError, expectOk, OTHER_WORKER, WORKER, type Harness } from '../support/harness'

/**
 * 政策宣传 end to end, on both store adapters: a notice reaches the station it is published at and every station
 * below it, never a station elsewhere; drafts, scheduled and expired notices stay hidden; a read counts once
 * per reader; an edit keeps the history; a withdrawn notice disappears; only heads and admins above publish.
 */
const COUNTY = 'dev-CX-county-head'
const STREET_HEAD = 'dev-CX-street-head'
const REP = 'dev-CX-street-rep'
const SX_COUNTY = 'dev-SX-county-head'
const HOUR = 3600_000

type CreateInput = InputOf<typeof createNotice>
const notice = (over: Partial<CreateInput> = {}): CreateInput => ({
  stationId: 'st-CX-0001',
  title: '曹县欠薪专项治理行动',
  category: 'campaign',
  body: '## 时间\n\n12 月 1 日起，**为期一个月**。\n\n- 排查在建工地\n- 公示投诉电话 12333',
  publishAt: null,
  expiresAt: null,
  draft: false,
  ...over,
})

/** The same, as an edit sends it (the station is the notice's). */
const fields = (over: Partial<CreateInput> = {}) => {
  const { stationId: _station, ...rest } = notice(over)
  return rest
}

const titlesAt = async (h: Harness, stationId: string, openid = WORKER) =>
  expectOk(await h.op(listNotices, openid, { stationId, limit: 50 })).items.map((n) => n.title)

onBothStores((harness) => {
  it('a notice published at 曹县 shows at its townships, parks and enterprises, and not in 单县', async () => {
    const h = harness()
    const made = expectOk(await h.op(createNotice, COUNTY, notice()))
    expect(made).toMatchObject({ status: 'live', statusLabel: '已发布' })
    for (const below of ['st-CX-0001', 'st-CX-0002', 'st-CX-0003', 'st-CX-0004', 'st-CX-0005']) expect(await titlesAt(h, below)).toContain('曹县欠薪专项治理行动')
    for (const elsewhere of ['st-SX-0001', 'st-SX-0002', 'st-SX-0004', 'st-HZ-0001']) expect(await titlesAt(h, elsewhere)).not.toContain('曹县欠薪专项治理行动')
    // The city's notices reach everyone; the 单县 list has them and nothing of 曹县.
    const sx = expectOk(await h.op(listNotices, WORKER, { stationId: 'st-SX-0002', limit: 50 }))
    expect(sx.station).toMatchObject({ id: 'st-SX-0002' })
    expect(sx.items.map((n) => n.id)).toContain(NOTICE_IDS.wagePayment)
    expect(sx.items.every((n) => n.stationName === '菏泽市劳动关系服务驿站' || n.stationName.startsWith('单城') || n.stationName.includes('单县'))).toBe(true)
    // A township's own notice stays in the township and below it, not at the county.
    expectOk(await h.op(createNotice, STREET_HEAD, notice({ stationId: 'st-CX-0002', title: '曹城街道法律咨询日' })))
    expect(await titlesAt(h, 'st-CX-0005')).toContain('曹城街道法律咨询日')
    expect(await titlesAt(h, 'st-CX-0001')).not.toContain('曹城街道法律咨询日')
    expect(await titlesAt(h, 'st-CX-0003')).not.toContain('曹城街道法律咨询日')
  })

  it('lists newest first by category, without a station the city’s, and pages through', async () => {
    const h = harness()
    const all = expectOk(await h.op(listNotices, WORKER, { limit: 50 }))
    expect(all.station.id).toBe('st-HZ-0001')
    const times = all.items.map((n) => n.publishedAt)
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    const guides = expectOk(await h.op(listNotices, WORKER, { stationId: 'st-CX-0002', category: 'guide', limit: 50 })).items
    expect(guides.length).toBeGreaterThan(0)
    expect(guides.every((n) => n.category === 'guide' && n.categoryLabel === '经办指南')).toBe(true)
    const first = expectOk(await h.op(listNotices, WORKER, { stationId: 'st-CX-0002', limit: 3 }))
    expect(first.items).toHaveLength(3)
    const second = expectOk(await h.op(listNotices, WORKER, { stationId: 'st-CX-0002', limit: 3, after: first.next! }))
    expect(second.items.map((n) => n.id)).not.toContain(first.items[0]!.id)
    expect(first.items[0]!.excerpt.length).toBeGreaterThan(0)
  })

  it('keeps drafts and scheduled notices from workers until they are up, and expired ones after', async () => {
    const h = harness()
    const draft = expectOk(await h.op(createNotice, COUNTY, notice({ title: '还没写完的草稿', draft: true })))
    expect(draft).toMatchObject({ status: 'draft', statusLabel: '草稿' })
    const later = expectOk(await h.op(createNotice, COUNTY, notice({ title: '明天上午发布的通知', publishAt: h.clock.now + 24 * HOUR })))
    expect(later.status).toBe('scheduled')
    const brief = expectOk(await h.op(createNotice, COUNTY, notice({ title: '只挂两个小时的通知', expiresAt: h.clock.now + 2 * HOUR })))
    let seen = await titlesAt(h, 'st-CX-0002')
    expect(seen).not.toContain('还没写完的草稿')
    expect(seen).not.toContain('明天上午发布的通知')
    expect(seen).toContain('只挂两个小时的通知')
    expectError(await h.op(getNotice, WORKER, { id: draft.id }), 'NOTICE_NOT_FOUND')

    h.clock.now += 25 * HOUR
    seen = await titlesAt(h, 'st-CX-0002')
    expect(seen).toContain('明天上午发布的通知')
    expect(seen).not.toContain('只挂两个小时的通知')
    expectError(await h.op(getNotice, WORKER, { id: brief.id }), 'NOTICE_NOT_FOUND')
    const rows = expectOk(await h.op(listManagedNotices, COUNTY, { stationId: 'st-CX-0001', limit: 50 })).items
    expect(rows.find((r) => r.id === brief.id)).toMatchObject({ status: 'expired', statusLabel: '已过期' })
    expect(rows.find((r) => r.id === draft.id)).toMatchObject({ status: 'draft', whenLabel: '草稿，还没有发布' })
    h.clock.now -= 25 * HOUR
  })

  it('counts a read once per reader, marks what each reader has not opened, and never says who', async () => {
    const h = harness()
    const { id } = expectOk(await h.op(createNotice, COUNTY, notice({ title: '阅读次数测试通知' })))
    const unread = async (openid: string) => expectOk(await h.op(listNotices, openid, { stationId: 'st-CX-0002', limit: 50 })).items.find((n) => n.id === id)!.unread
    expect(await unread(WORKER)).toBe(true)
    const view = expectOk(await h.op(getNotice, WORKER, { id }))
    expect(view.blocks[0]).toEqual({ t: 'heading', level: 2, spans: [{ t: 'text', text: '时间', bold: false }] })
    expectOk(await h.op(getNotice, WORKER, { id }))
    expectOk(await h.op(getNotice, WORKER, { id }))
    expect(await unread(WORKER)).toBe(false)
    expect(await unread(OTHER_WORKER)).toBe(true)
    const count = async () => expectOk(await h.op(getManagedNotice, COUNTY, { id })).readCount
    expect(await count()).toBe(1)
    expectOk(await h.op(getNotice, OTHER_WORKER, { id }))
    expect(await count()).toBe(2)
    // The publisher's views count nothing; the read rows hold a keyed hash, not the worker key of cases.
    expectOk(await h.op(getManagedNotice, COUNTY, { id }))
    expect(await count()).toBe(2)
    const reads = (await h.store.find<PolicyNoticeReadDoc>('policy_notice_reads', { where: { noticeId: id }, limit: 10 })).items
    expect(reads.map((r) => r.readerKey)).not.toContain(h.ports.secrets.workerKey(WORKER))
    expect(JSON.stringify(expectOk(await h.op(getManagedNotice, COUNTY, { id })))).not.toMatch(/dev-worker|readerKey/)
  })

  it('keeps every version when a notice is edited, says when a live one was changed, and a withdrawn one disappears', async () => {
    const h = harness()
    const made = expectOk(await h.op(createNotice, COUNTY, notice({ title: '第一版标题', draft: true })))
    const v1 = expectOk(await h.op(getManagedNotice, COUNTY, { id: made.id }))
    const published = expectOk(await h.op(updateNotice, COUNTY, { id: made.id, version: v1.version, ...fields({ title: '第二版标题' }) }))
    expect(published.status).toBe('live')
    expect(expectOk(await h.op(getNotice, WORKER, { id: made.id })).updatedLabel).toBeUndefined()
    h.clock.now += HOUR
    const v2 = expectOk(await h.op(getManagedNotice, COUNTY, { id: made.id }))
    // A stale version changes nothing.
    expectError(await h.op(updateNotice, COUNTY, { id: made.id, version: v1.version, ...fields({ title: '过时的修改' }) }), 'STORE_CONFLICT')
    expectOk(await h.op(updateNotice, COUNTY, { id: made.id, version: v2.version, ...fields({ title: '第三版标题', body: '改过的正文，写得更清楚了。', publishAt: v2.publishAt }) }))
    const worker = expectOk(await h.op(getNotice, WORKER, { id: made.id }))
    expect(worker.title).toBe('第三版标题')
    expect(worker.updatedLabel).toBeTruthy()
    const v3 = expectOk(await h.op(getManagedNotice, COUNTY, { id: made.id }))
    expect(v3.history.map((r) => [r.rev, r.what, r.title])).toEqual([
      [3, '修改', '第三版标题'],
      [2, '发布', '第二版标题'],
      [1, '新建草稿', '第一版标题'],
    ])
    expect(v3.history[0]!.by).toBe('曹县周科长')
    const old = expectOk(await h.op(getNoticeRevision, COUNTY, { id: made.id, rev: 2 }))
    expect(old.blocks[1]).toMatchObject({ t: 'paragraph' })
    expect(old.title).toBe('第二版标题')
    // A published notice is withdrawn, not turned back into a draft.
    expectError(await h.op(updateNotice, COUNTY, { id: made.id, version: v3.version, ...fields({ draft: true }) }), 'REQUEST_INVALID')

    expectOk(await h.op(withdrawNotice, COUNTY, { id: made.id, version: v3.version, reason: '政策有新的调整' }))
    expect(await titlesAt(h, 'st-CX-0002')).not.toContain('第三版标题')
    expectError(await h.op(getNotice, WORKER, { id: made.id }), 'NOTICE_NOT_FOUND')
    const after = expectOk(await h.op(getManagedNotice, COUNTY, { id: made.id }))
    expect(after).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回', readCount: 1 })
    expect(after.history[0]).toMatchObject({ rev: 4, what: '撤回：政策有新的调整' })
    expectError(await h.op(updateNotice, COUNTY, { id: made.id, version: after.version, ...fields() }), 'REQUEST_INVALID')
    const audits = (await h.store.find<AuditDoc>('audit_log', { orderBy: { field: 'at', dir: 'desc' }, limit: 50 })).items.filter((a) => a.target === made.id)
    expect(audits.map((a) => a.what)).toEqual(expect.arrayContaining(['notice.create', 'notice.update', 'notice.withdraw']))
    h.clock.now -= HOUR
  })

  it('lets heads publish at their own station and admins anywhere in scope, and nobody else', async () => {
    const h = harness()
    // A worker-rep member of the street, a head elsewhere, another county's admin: refused, nothing written.
    const before = await h.store.count('policy_notices')
    expectError(await h.op(createNotice, REP, notice({ stationId: 'st-CX-0002' })), 'AUTH_FORBIDDEN')
    expectError(await h.op(createNotice, STREET_HEAD, notice({ stationId: 'st-CX-0001' })), 'AUTH_FORBIDDEN')
    expectError(await h.op(createNotice, SX_COUNTY, notice({ stationId: 'st-CX-0002' })), 'AUTH_FORBIDDEN')
    expectError(await h.op(createNotice, WORKER, notice()), 'AUTH_NOT_OFFICER')
    expect(await h.store.count('policy_notices')).toBe(before)
    // The county admin publishes to a township of their county.
    expectOk(await h.op(createNotice, COUNTY, notice({ stationId: 'st-CX-0002', title: '县里替街道发的通知' })))
    expect(await titlesAt(h, 'st-CX-0002')).toContain('县里替街道发的通知')
    // Where each may publish.
    const places = expectOk(await h.op(listNoticePlaces, STREET_HEAD, {}))
    expect(places.places.map((p) => p.id)).toEqual(['st-CX-0002'])
    expect(places.counties).toEqual([])
    const city = expectOk(await h.op(listNoticePlaces, 'dev-city-admin', {}))
    expect(city.places.map((p) => p.id)).toEqual(['st-HZ-0001'])
    expect(city.counties).toHaveLength(9)
    expect(expectOk(await h.op(listNoticePlaces, COUNTY, {})).counties.map((c) => c.id)).toEqual(['st-CX-0001'])
    // A withdrawn or missing notice by id; someone else's station's notice.
    const theirs = expectOk(await h.op(createNotice, SX_COUNTY, notice({ stationId: 'st-SX-0001', title: '单县的通知' })))
    expectError(await h.op(getManagedNotice, COUNTY, { id: theirs.id }), 'AUTH_FORBIDDEN')
    expectError(await h.op(getManagedNotice, COUNTY, { id: 'ntc-missing' }), 'NOTICE_NOT_FOUND')
    // The county's list has its township's notices; the township's list only its own.
    const county = expectOk(await h.op(listManagedNotices, COUNTY, { stationId: 'st-CX-0001', limit: 50 })).items
    expect(county.map((r) => r.title)).toEqual(expect.arrayContaining(['县里替街道发的通知']))
    expect(county.map((r) => r.title)).not.toContain('单县的通知')
    const street = expectOk(await h.op(listManagedNotices, STREET_HEAD, { stationId: 'st-CX-0002', limit: 50 })).items
    expect(street.every((r) => r.stationName === '曹城街道驿站（示例）')).toBe(true)
  })

  it('refuses bad times and bad text with the field named, and a retried create files once', async () => {
    const h = harness()
    const before = await h.store.count('policy_notices')
    expect(expectError(await h.op(createNotice, COUNTY, notice({ publishAt: h.clock.now - 2 * HOUR })), 'REQUEST_INVALID').fields).toEqual(['publishAt'])
    expect(expectError(await h.op(createNotice, COUNTY, notice({ expiresAt: h.clock.now - HOUR })), 'REQUEST_INVALID').fields).toEqual(['expiresAt'])
    expect(expectError(await h.op(createNotice, COUNTY, notice({ title: '短' })), 'REQUEST_INVALID').fields).toEqual(['title'])
    expectError(await h.call('officer', COUNTY, 'notice.create', { ...notice(), html: '<b>x</b>' }), 'REQUEST_INVALID')
    expect(await h.store.count('policy_notices')).toBe(before)
    const extra = { requestId: 'req-notice-retry-0001' }
    const a = expectOk(await h.op(createNotice, COUNTY, notice({ title: '重试只发一次' }), extra))
    const b = expectOk(await h.op(createNotice, COUNTY, notice({ title: '重试只发一次' }), extra))
    expect(b.id).toBe(a.id)
    const mine = (await h.store.find<PolicyNoticeDoc>('policy_notices', { where: { countyId: 'st-CX-0001' }, limit: 100 })).items
    expect(mine.filter((n) => n.title === '重试只发一次')).toHaveLength(1)
  })

  it('previews a body as the workers will see it, naming links that will show as text', async () => {
    const h = harness()
    const p = expectOk(await h.op(previewNotice, COUNTY, { body: '看 [热线](/pages/hotlines/index)，或者 [这里](https://evil.example.com/x)。' }))
    expect(p.blocks).toEqual([
      {
        t: 'paragraph',
        spans: [
          { t: 'text', text: '看 ', bold: false },
          { t: 'page', text: '热线', bold: false, path: '/pages/hotlines/index' },
          { t: 'text', text: '，或者 这里。', bold: false },
        ],
      },
    ])
    expect(p.refusedLinks).toEqual(['https://evil.example.com/x'])
  })
})
