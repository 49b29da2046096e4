import ExcelJS from 'exceljs'
import type { AuditDoc, CaseDoc, InboxCountDoc, LedgerRollupDoc, MediaDoc, OutboxDoc } from '../../cloudfunctions/core/app/records'
import { findAll } from '../../cloudfunctions/core/app/find-all'
import { rollUpLedger } from '../../cloudfunctions/core/app/ledger'
import {
  acceptCase,
  addCaseInfo,
  confirmCase,
  createInvite,
  eraseMyData,
  exportMyData,
  getMyCase,
  getMyData,
  getRetention,
  getRetentionWords,
  getWorkerJob,
  listMyCases,
  previewRetention,
  redeemInvite,
  resolveCase,
  runSweep,
  setRetention,
  withdrawCase,
} from '../../types/contracts'
import { onBothStores } from '../support/both-stores'
import { expectError, expectOk, newRequestId, sh, type Harness } from '../support/harness'
import { plainJpeg, webm } from '../support/media-fixtures'
import { fetchLocal, uploaded } from '../support/upload'

/**
 * Data protection (ADR 0020), end to end on both store adapters: the retention period is policy data of the
 * city admin (audited); the timer erases exactly the identity and files of finished cases past it, once a day,
 * and writes an audit row per run, keeping every count; its dry run writes nothing. 我的数据 shows a worker
 * everything kept about them and nothing of anyone else, exports it as a spreadsheet through a job, and deletes
 * the identity on their finished cases at once while leaving the open ones. Five wrong invite codes lock the
 * caller (a wrong invite code names no invite).
 */
// Whole journeys on the CloudBase fake: a busy machine needs more than the default 5 s a test.
jest.setTimeout(60_000)

const HEAD = 'dev-CX-street-head'
const CITY = 'dev-CX-county-head'
const CITY_ADMIN = 'dev-city-admin'
const YEAR = 365 * 86_400_000

const stored = (h: Harness) => (h.ports.files as unknown as { stored: () => string[] }).stored()
const caseOf = async (h: Harness, id: string) => (await h.store.get<CaseDoc>('cases', id))!
/** The inbox counters of finished cases (the open one's deadlines move in the same sweep). */
const inboxCounts = async (h: Harness) =>
  Object.fromEntries(
    (await findAll<InboxCountDoc>(h.store, 'inbox_counts', { orderBy: { field: '_id', dir: 'asc' } }))
      .map((d) => [d._id, Object.fromEntries(Object.entries(d.cells).filter(([k, n]) => k.startsWith('done|') && n !== 0))] as const)
      .filter(([, cells]) => Object.keys(cells).length),
  )
const audits = async (h: Harness, what: AuditDoc['what']) => (await h.store.find<AuditDoc>('audit_log', { where: { what }, orderBy: { field: 'at', dir: 'asc' }, limit: 100 })).items
/** Every collection's documents, to prove a dry run wrote nothing. */
const everything = async (h: Harness) => {
  const out: Record<string, unknown[]> = {}
  for (const c of ['cases', 'media', 'outbox', 'audit_log', 'settings', 'claims', 'inbox_counts', 'jobs']) out[c] = await findAll(h.store, c, { orderBy: { field: '_id', dir: 'asc' } })
  return out
}

/** Files a case as this worker, closes it the way asked, and returns its id. */
const closed = async (h: Harness, worker: string, how: 'withdraw' | 'confirm', over: Parameters<Harness['file']>[0] = {}) => {
  const filed = await h.file(over, worker)
  if (how === 'withdraw') expectOk(await h.act(withdrawCase, worker, filed.id, {}))
  else {
    expectOk(await h.act(acceptCase, HEAD, filed.id))
    expectOk(await h.act(resolveCase, HEAD, filed.id, { text: '单位已经补发了工资。', conclusion: 'solved' }))
    expectOk(await h.act(confirmCase, worker, filed.id, { rating: 5 }))
  }
  return filed.id
}

describe('retention', () => {
  onBothStores((harness) => {
    let h: Harness
    const R1 = 'ret-worker-1'
    const R2 = 'ret-worker-2'
    const R3 = 'ret-worker-3'
    const ids: Record<string, string> = {}
    let filesBefore: string[] = []

    beforeAll(async () => {
      h = harness()
      h.clock.now = sh('2026-11-25 10:00')
      const photo = await uploaded(h, R1, 'photo', plainJpeg(320, 240), plainJpeg(80, 60))
      const voice = await uploaded(h, R3, 'voice', webm(3))
      ids.openPhoto = await closed(h, R1, 'withdraw', { media: [photo.id], contact: { name: '赵一', phone: '13800000011' } })
      ids.confidential = await closed(h, R2, 'confirm', { privacy: 'confidential', contact: { name: '钱二', phone: '13800000012' } })
      ids.anonymousVoice = await closed(h, R3, 'withdraw', { privacy: 'anonymous', contact: undefined, media: [voice.id] })
      ids.stillOpen = (await h.file({ contact: { name: '钱二', phone: '13800000012' } }, R2)).id
      h.clock.now += 2 * YEAR
      ids.recent = await closed(h, R1, 'withdraw', { contact: { name: '赵一', phone: '13800000011' } })
      // Three years and a day after the first three closed; the fourth closed a year ago, the fifth is open.
      h.clock.now = sh('2029-11-26 10:00')
      filesBefore = stored(h)
    }, 60_000)

    it('is policy data of the city admin: 3 years by default, changed with a versioned, audited save', async () => {
      const view = expectOk(await h.op(getRetention, CITY_ADMIN, {}))
      expect(view).toMatchObject({ years: 3, defaultYears: 3, isDefault: true, version: 0, words: '结案后保存 3 年' })
      expectError(await h.op(getRetention, CITY, {}), 'AUTH_FORBIDDEN')
      expectError(await h.op(setRetention, HEAD, { version: 0, years: 5 }), 'AUTH_FORBIDDEN')
      expectError(await h.op(setRetention, CITY_ADMIN, { version: 0, years: 0 }), 'REQUEST_INVALID')
      const five = expectOk(await h.op(setRetention, CITY_ADMIN, { version: 0, years: 5 }))
      expect(five).toMatchObject({ years: 5, isDefault: false, version: 1 })
      expectError(await h.op(setRetention, CITY_ADMIN, { version: 0, years: 3 }), 'STORE_CONFLICT')
      const back = expectOk(await h.op(setRetention, CITY_ADMIN, { version: 1, years: 3 }))
      expect(back).toMatchObject({ years: 3, version: 2 })
      expect((await audits(h, 'retention.set')).map((a) => a.detail)).toEqual(['保存期限 3 年 → 5 年', '保存期限 5 年 → 3 年'])
      expect(expectOk(await h.op(getRetentionWords, 'o-stranger', {})).sentence).toContain('结案后保存 3 年')
    })

    it('dry runs count what would be erased and write nothing: the admin’s 试运行 and the timer’s', async () => {
      const before = await everything(h)
      const preview = expectOk(await h.op(previewRetention, CITY_ADMIN, {}))
      expect(preview).toMatchObject({ years: 3, cases: 3, files: 2, complete: true })
      expect(preview.sentence).toContain('今天会删除 3 条诉求')
      // Another period, before saving it: five years erases nothing yet, one year the recent one too.
      expect(expectOk(await h.op(previewRetention, CITY_ADMIN, { years: 5 })).cases).toBe(0)
      expect(expectOk(await h.op(previewRetention, CITY_ADMIN, { years: 1 })).cases).toBe(4)
      expectError(await h.op(previewRetention, HEAD, {}), 'AUTH_FORBIDDEN')
      const dry = expectOk(await h.op(runSweep, null, { dryRun: true }))
      expect(dry.retention).toMatchObject({ ran: false, cases: 3, media: 2 })
      expect(await everything(h)).toEqual(before)
      expect(stored(h)).toEqual(filesBefore)
    })

    it('erases exactly the identity and files of the finished cases past retention, and keeps every count', async () => {
      const counts = await inboxCounts(h)
      // The ledger's figures of the months the cases were filed and closed in (the open case's missed deadlines add to this month's).
      // Read as every view reads them: the facts waiting rolled up first (ADR 0051).
      const ledger = async () => {
        await rollUpLedger(h.ports, 60_000)
        return (await findAll<LedgerRollupDoc>(h.store, 'ledger_rollups', { orderBy: { field: '_id', dir: 'asc' } })).filter((r) => !r.period.startsWith('2029'))
      }
      const ledgerBefore = await ledger()
      expect(ledgerBefore.length).toBeGreaterThan(0)
      const keptBefore = { stillOpen: await caseOf(h, ids.stillOpen!), recent: await caseOf(h, ids.recent!) }
      const mediaIds = [...((await caseOf(h, ids.openPhoto!)).media ?? []), ...((await caseOf(h, ids.anonymousVoice!)).media ?? [])]
      const run = expectOk(await h.op(runSweep, null, {}))
      expect(run.retention).toMatchObject({ ran: true, cases: 3, media: 2, complete: true })

      for (const id of [ids.openPhoto!, ids.confidential!, ids.anonymousVoice!]) {
        const c = await caseOf(h, id)
        for (const f of ['identity', 'workerOpenid', 'workerKey', 'media'] as const) expect(c[f]).toBeUndefined()
        expect(c).toMatchObject({ erasedAt: h.clock.now, erasedHow: 'retention' })
        // What is counted stays: the case, its category, state, station, dates, rating.
        expect(c.state === 'withdrawn' || c.state === 'closed').toBe(true)
        expect(c.closedAt).not.toBeNull()
      }
      expect((await caseOf(h, ids.confidential!)).rating).toBe(5)
      // The open case and the one closed a year ago are as they were (the sweep's deadline pass may move the open one).
      expect((await caseOf(h, ids.recent!)).identity).toEqual(keptBefore.recent.identity)
      expect((await caseOf(h, ids.recent!)).workerKey).toBe(keptBefore.recent.workerKey)
      expect((await caseOf(h, ids.stillOpen!)).identity).toEqual(keptBefore.stillOpen.identity)
      expect((await caseOf(h, ids.stillOpen!)).erasedAt).toBeUndefined()

      // The photo (with its thumbnail) and the voice note are gone: records and bytes.
      for (const id of mediaIds) expect(await h.store.get<MediaDoc>('media', id)).toBeNull()
      expect(filesBefore.length - stored(h).length).toBe(3)
      // No reminder to an erased case's worker is kept.
      const outbox = await findAll<OutboxDoc>(h.store, 'outbox', { orderBy: { field: '_id', dir: 'asc' } })
      expect(outbox.filter((r) => [ids.openPhoto, ids.confidential].includes(r.caseId) && [R1, R2].includes(r.to))).toEqual([])
      // The erased cases leave 我的诉求; the counters of the inbox (已办结) are exactly as before.
      expect(expectOk(await h.op(listMyCases, R1, { limit: 20 })).items.map((i) => i.id)).toEqual([ids.recent])
      expectError(await h.op(getMyCase, R3, { id: ids.anonymousVoice! }), 'CASE_NOT_FOUND')
      expect(await inboxCounts(h)).toEqual(counts)
      expect(await ledger()).toEqual(ledgerBefore)

      const rows = await audits(h, 'retention.run')
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ by: 'system', target: '2029-11-26' })
      expect(rows[0]!.detail).toContain('删除了 3 条的身份信息和 2 个照片录音')
      expect(expectOk(await h.op(getRetention, CITY_ADMIN, {})).runs[0]!.detail).toBe(rows[0]!.detail)
    })

    it('runs once a day, idempotent: later runs that day do nothing, the next day’s run writes its own row', async () => {
      const before = await everything(h)
      expect(expectOk(await h.op(runSweep, null, {})).retention).toMatchObject({ ran: false, cases: 0 })
      expect((await everything(h)).audit_log).toEqual(before.audit_log)
      expect((await everything(h)).cases.filter((c) => (c as CaseDoc).erasedAt !== undefined)).toHaveLength(3)
      h.clock.now += 86_400_000
      expect(expectOk(await h.op(runSweep, null, {})).retention).toMatchObject({ ran: true, cases: 0 })
      const rows = await audits(h, 'retention.run')
      expect(rows).toHaveLength(2)
      expect(rows[1]!.detail).toContain('删除了 0 条')
    })
  })
})

describe('我的数据', () => {
  onBothStores((harness) => {
    let h: Harness
    const ME = 'mine-worker'
    const OTHER = 'mine-other'
    const ids: Record<string, string> = {}

    beforeAll(async () => {
      h = harness()
      const photo = await uploaded(h, ME, 'photo', plainJpeg(320, 240), plainJpeg(80, 60))
      ids.withdrawn = await closed(h, ME, 'withdraw', { media: [photo.id], contact: { name: '孙三', phone: '13800000021' } })
      ids.closed = await closed(h, ME, 'confirm', { privacy: 'confidential', contact: { name: '孙三', phone: '13800000021' } })
      ids.anonymous = (await h.file({ privacy: 'anonymous', contact: undefined }, ME)).id
      ids.open = (await h.file({ contact: { name: '孙三', phone: '13800000021' } }, ME)).id
      expectOk(await h.act(addCaseInfo, ME, ids.open, { text: '老板昨天又说下个月才发工资。' }))
      ids.others = (await h.file({ contact: { name: '周四', phone: '13800000022' } }, OTHER)).id
    }, 60_000)

    it('shows every case with its identity as stored, what the worker wrote, files, consents, reminders and counts, and nothing of others', async () => {
      const d = expectOk(await h.op(getMyData, ME, {}))
      expect(d.cases.map((c) => c.id).sort()).toEqual([ids.withdrawn, ids.closed, ids.anonymous, ids.open].sort())
      const by = (id: string) => d.cases.find((c) => c.id === id)!
      expect(by(ids.withdrawn!)).toMatchObject({ name: '孙三', phone: '13800000021', wechatKept: true, erasable: true, deletionNote: null, stateLabel: '已撤回' })
      expect(by(ids.withdrawn!).files).toEqual([expect.objectContaining({ kind: 'photo', kindLabel: '照片' })])
      expect(by(ids.closed!).consent).toContain('对单位保密')
      expect(by(ids.anonymous!)).toMatchObject({ name: null, phone: null, wechatKept: false, erasable: false })
      expect(by(ids.open!).messages.map((m) => m.text)).toEqual(['职工补充：老板昨天又说下个月才发工资。'])
      expect(by(ids.open!).deletionNote).toContain('办理中的诉求需要你的联系方式，删除后驿站无法联系你；可以先撤回')
      expect(d).toMatchObject({ erasable: 2, open: 2, surveys: { answered: 0 } })
      expect(d.surveys.note).toContain('匿名')
      expect(d.retention).toContain('结案后保存 3 年')
      expect(d.reminders.length).toBeGreaterThan(0)
      expect(d.reminders.every((r) => [ids.withdrawn, ids.closed, ids.open, ids.anonymous].map((i) => (d.cases.find((c) => c.id === i) ?? { caseNo: '' }).caseNo).includes(r.caseNo))).toBe(true)
      expect(JSON.stringify(d)).not.toContain('周四')
      expect(JSON.stringify(d)).not.toContain(ME)
      // Someone with nothing filed sees an empty account, not someone else's.
      expect(expectOk(await h.op(getMyData, 'mine-nobody', {}))).toMatchObject({ cases: [], reminders: [], erasable: 0, open: 0 })
    })

    it('exports the same as a spreadsheet through a job the worker alone can follow', async () => {
      const jobId = newRequestId().replace(/[^A-Za-z0-9_-]/g, '')
      const job = expectOk(await h.op(exportMyData, ME, { jobId }))
      expect(job).toMatchObject({ state: 'done', percent: 100, title: '我的数据' })
      expect(job.fileName).toMatch(/^我的数据_\d{8}\.xlsx$/)
      expect(expectOk(await h.op(getWorkerJob, ME, { jobId })).state).toBe('done')
      expectError(await h.op(getWorkerJob, OTHER, { jobId }), 'JOB_NOT_FOUND')
      const file = (await fetchLocal(h, job.url!))!
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(Buffer.from(file.bytes) as unknown as ArrayBuffer)
      expect(wb.worksheets.map((w) => w.name)).toEqual(['说明', '诉求', '我写的内容', '照片录音', '发给你的提醒'])
      const cells = (name: string) => wb.getWorksheet(name)!.getSheetValues().flatMap((r) => (Array.isArray(r) ? r.map(String) : []))
      const d = expectOk(await h.op(getMyData, ME, {}))
      expect(wb.getWorksheet('诉求')!.rowCount).toBe(1 + d.cases.length)
      for (const c of d.cases) expect(cells('诉求')).toContain(c.caseNo)
      expect(cells('诉求')).toContain('孙三')
      expect(cells('诉求')).toContain('13800000021')
      expect(cells('诉求')).not.toContain('周四')
      expect(cells('我写的内容')).toContain('职工补充：老板昨天又说下个月才发工资。')
      expect(cells('照片录音')).toContain('照片')
      expect(cells('说明').join()).toContain('参加过 0 次')
    })

    it('deletes the identity on finished cases at once, leaves open ones, and removes the exports', async () => {
      const filesBefore = stored(h).length
      expectError(await h.op(eraseMyData, ME, { confirm: false } as never), 'REQUEST_INVALID')
      const r = expectOk(await h.op(eraseMyData, ME, { confirm: true }))
      expect(r).toMatchObject({ erased: 2, files: 1, kept: 2 })
      expect(r.sentence).toContain('2 条办理中的诉求没有删除')
      for (const id of [ids.withdrawn!, ids.closed!]) {
        const c = await caseOf(h, id)
        expect(c.identity).toBeUndefined()
        expect(c.workerKey).toBeUndefined()
        expect(c.workerOpenid).toBeUndefined()
        expect(c).toMatchObject({ erasedHow: 'worker' })
      }
      expect((await caseOf(h, ids.open!)).identity).toEqual({ name: '孙三', phone: '13800000021' })
      // The photo with its thumbnail, and the export file.
      expect(filesBefore - stored(h).length).toBe(3)
      expect(await h.store.count('jobs', { kind: 'mydata.export' })).toBe(0)
      const d = expectOk(await h.op(getMyData, ME, {}))
      expect(d.cases.map((c) => c.id).sort()).toEqual([ids.anonymous, ids.open].sort())
      expect(d.erasable).toBe(0)
      // Another worker's case is untouched; one audit row names the cases, not the worker.
      expect((await caseOf(h, ids.others!)).identity).toEqual({ name: '周四', phone: '13800000022' })
      const rows = await audits(h, 'mydata.erase')
      expect(rows).toHaveLength(1)
      expect(rows[0]!.by).toBe('worker')
      expect(JSON.stringify(rows)).not.toContain(ME)
      // Again: nothing more to delete.
      expect(expectOk(await h.op(eraseMyData, ME, { confirm: true }))).toMatchObject({ erased: 0, kept: 2 })
    })
  })
})

describe('invite codes', () => {
  onBothStores((harness) => {
    let h: Harness
    beforeAll(() => {
      h = harness()
    })

    it('locks the caller after five wrong codes (a wrong code names no invite); the right code is refused too until the day ends', async () => {
      const guesser = 'invite-guesser'
      const invite = expectOk(await h.op(createInvite, HEAD, { stationId: 'st-CX-0002', name: '新同事', role: 'member', side: 'government' }))
      const wrong = (i: number) => `ZZZZZZZ${'ABCDE'[i]}`
      for (const left of [4, 3, 2, 1]) expect(expectError(await h.op(redeemInvite, guesser, { code: wrong(4 - left) }), 'INVITE_NOT_FOUND').message).toContain(`还可以再试 ${left} 次`)
      expectError(await h.op(redeemInvite, guesser, { code: wrong(4) }), 'INVITE_LOCKED')
      expectError(await h.op(redeemInvite, guesser, { code: invite.code }), 'INVITE_LOCKED')
      // Someone else is not locked, and the invite still works.
      expect(expectOk(await h.op(redeemInvite, 'invite-right-person', { code: invite.code })).stationId).toBe('st-CX-0002')
      h.clock.now += 86_400_000
      expectError(await h.op(redeemInvite, guesser, { code: wrong(0) }), 'INVITE_NOT_FOUND')
    })
  })
})
