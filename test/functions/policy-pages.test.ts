import type { AuditDoc, CaseDoc } from '../../cloudfunctions/core/app/records'
import { DEFAULT_CATEGORIES } from '../../cloudfunctions/core/domain/categories'
import { NOTICE_IDS } from '../../cloudfunctions/core/data/policy-notices'
import { DEFAULT_SLA_POLICY } from '../../cloudfunctions/core/domain/sla-policy'
import {
  getCaseDetail,
  getCalendar,
  getManagedNotice,
  getMyCase,
  getPolicy,
  listCategories,
  listInbox,
  listMyCases,
  previewPolicy,
  setCalendarYear,
  setPolicy,
  submitCase,
  withdrawNotice,
} from '../../types/contracts'
import { WORKER, expectError, expectOk, makeHarness, sh, snapshotCounts, submitInput, type Harness } from '../support/harness'

/**
 * The admin policy pages beyond deadlines: case categories as data (name, explanation, enabled, rights card)
 * saved with the deadline table, previewed and audited; the holiday calendar read and corrected date by date.
 */
const CITY = 'dev-city-admin'
const HEAD = 'dev-CX-street-head'

let h: Harness
beforeEach(async () => {
  h = await makeHarness()
})
afterEach(async () => {
  await h.close()
})

const catalogue = () => structuredClone(DEFAULT_CATEGORIES) as typeof DEFAULT_CATEGORIES

describe('case categories are data the city admin keeps', () => {
  it('offers every category by default, each with its rights card linked to a live notice', async () => {
    const { items } = expectOk(await h.op(listCategories, WORKER, {}))
    expect(items.map((c) => c.category)).toEqual(Object.keys(DEFAULT_CATEGORIES))
    expect(items.every((c) => c.enabled)).toBe(true)
    expect(items.find((c) => c.category === 'contract')).toMatchObject({
      name: '劳动合同',
      rights: { text: expect.stringContaining('二倍工资'), noticeId: NOTICE_IDS.doubleWage },
    })
    expect(items.find((c) => c.category === 'wage_arrears')!.rights!.text).toContain('12333')
    expect(items.find((c) => c.category === 'other')!.rights).toBeNull()
    // The card keeps its words and loses its link while the notice behind it is withdrawn.
    const n = expectOk(await h.op(getManagedNotice, CITY, { id: NOTICE_IDS.doubleWage }))
    expectOk(await h.op(withdrawNotice, CITY, { id: n.id, version: n.version, reason: '法律修订，重新整理' }))
    expect(expectOk(await h.op(listCategories, WORKER, {})).items.find((c) => c.category === 'contract')!.rights).toEqual({
      text: expect.stringContaining('二倍工资'),
      noticeId: null,
    })
  })

  it('renames, explains and switches off categories with the deadlines: previewed, audited, old cases keep theirs', async () => {
    const old = await h.file({ category: 'social_insurance' })
    const cats = catalogue()
    cats.contract = { ...cats.contract, name: '签订劳动合同', hint: '没签合同、合同不给本人' }
    cats.social_insurance = { ...cats.social_insurance, enabled: false }
    cats.pay = { ...cats.pay, rights: { text: '加班费不得低于工资的 150%，休息日 200%，法定节假日 300%。', noticeId: NOTICE_IDS.probationOvertime } }
    const policy = { ...DEFAULT_SLA_POLICY, contract: { accept: 225, firstReply: 900, resolve: 6750 } }

    const before = await h.store.count('audit_log')
    const preview = expectOk(await h.op(previewPolicy, CITY, { policy, categories: cats }))
    expect(preview.changes).toEqual([
      '类别名称：劳动合同 → 签订劳动合同',
      '签订劳动合同 说明：没签合同、合同内容不合理、不给合同文本 → 没签合同、合同不给本人',
      '工资报酬 你的权利：改为“加班费不得低于工资的 150%，休息日 200%，法定节假日 300%。”',
      '停用 社会保险（已有的诉求不变）',
      '签订劳动合同 受理：1 个工作日 → 4 个工作小时',
    ])
    expect(preview.tracks.find((t) => t.track === 'contract')!.label).toBe('签订劳动合同')
    expect(await h.store.count('audit_log')).toBe(before)

    const saved = expectOk(await h.op(setPolicy, CITY, { version: 0, policy, categories: cats }))
    expect(saved.categories.contract.name).toBe('签订劳动合同')
    const row = (await h.store.find<AuditDoc>('audit_log', { orderBy: { field: 'at', dir: 'desc' }, limit: 1 })).items[0]!
    expect(row).toMatchObject({ what: 'policy.set', by: 'of-dev-city-admin' })
    expect(row.detail).toContain('停用 社会保险（已有的诉求不变）')
    expect(row.detail).toContain('签订劳动合同 受理：1 个工作日 → 4 个工作小时')

    // A disabled category takes no new case; the form is told at the field.
    const snap = await snapshotCounts(h.store)
    const refused = expectError(await h.op(submitCase, WORKER, submitInput({ category: 'social_insurance' })), 'REQUEST_INVALID')
    expect(refused).toMatchObject({ message: '这个类别暂时不受理，请选择其他类别', fields: ['category'] })
    expect(await snapshotCounts(h.store)).toEqual(snap)
    expect(expectOk(await h.op(listCategories, WORKER, {})).items.find((c) => c.category === 'social_insurance')!.enabled).toBe(false)

    // The old case keeps its category; renamed categories read the new name on every page.
    expect((await h.store.get<CaseDoc>('cases', old.id))!.category).toBe('social_insurance')
    expect(expectOk(await h.op(getMyCase, WORKER, { id: old.id })).categoryLabel).toBe('社会保险')
    const renamed = await h.file({ category: 'contract' })
    expect(renamed.acceptPromise).toBe('4 个工作小时内受理')
    expect(expectOk(await h.op(listMyCases, WORKER, { limit: 20 })).items.find((c) => c.id === renamed.id)!.categoryLabel).toBe('签订劳动合同')
    expect(expectOk(await h.op(listInbox, HEAD, { stationId: 'st-CX-0002', tab: 'pending', limit: 20 })).items.find((c) => c.id === renamed.id)!.categoryLabel).toBe('签订劳动合同')
    expect(expectOk(await h.op(getCaseDetail, HEAD, { id: old.id })).categoryLabel).toBe('社会保险')

    // Sending only the deadlines keeps the stored categories.
    expect(expectOk(await h.op(setPolicy, CITY, { version: 1, policy })).categories.social_insurance.enabled).toBe(false)
    expect(expectOk(await h.op(getPolicy, CITY, {})).defaultCategories.social_insurance.enabled).toBe(true)
  })

  it('refuses switching off 其他, two categories with one name, and non-city admins, writing nothing', async () => {
    const before = await snapshotCounts(h.store)
    const cats = catalogue()
    cats.other = { ...cats.other, enabled: false }
    const e = expectError(await h.op(setPolicy, CITY, { version: 0, policy: DEFAULT_SLA_POLICY, categories: cats }), 'REQUEST_INVALID')
    expect(e.message).toBe('“其他”类别不能停用：职工的问题总要有地方反映')
    const twins = catalogue()
    twins.pay = { ...twins.pay, name: '劳动合同' }
    expect(expectError(await h.op(setPolicy, CITY, { version: 0, policy: DEFAULT_SLA_POLICY, categories: twins }), 'REQUEST_INVALID').message).toBe('“劳动合同”和另一个类别重名了')
    expectError(await h.op(setPolicy, 'dev-CX-county-head', { version: 0, policy: DEFAULT_SLA_POLICY, categories: catalogue() }), 'AUTH_FORBIDDEN')
    expect(await snapshotCounts(h.store)).toEqual(before)
    expect(await h.store.get('settings', 'sla-policy')).toBeNull()
  })
})

describe('the holiday calendar is read and corrected date by date', () => {
  it('shows each year’s dates, warns while next year is missing, and audits the dates a correction adds and removes', async () => {
    const cal = expectOk(await h.op(getCalendar, CITY, {}))
    expect(cal).toMatchObject({ firstMissingYear: '2027', nextYear: '2027', nextYearMissing: true })
    const y2026 = cal.years.find((y) => y.year === '2026')!
    expect(y2026.holidays[0]!.dates[0]).toMatch(/^2026-01-0\d$/)
    expect(y2026.makeupDates.length).toBe(y2026.makeupWorkdays)

    // Correct 2026: drop a make-up day, add a holiday date.
    const dropped = y2026.makeupDates[0]!
    const holidays = y2026.holidays.map((x, i) => (i === 0 ? { name: x.name, dates: [...x.dates, '2026-01-05'] } : x))
    const corrected = expectOk(
      await h.op(setCalendarYear, CITY, { version: cal.version, year: '2026', arrangement: { source: y2026.source, holidays, makeupWorkdays: y2026.makeupDates.slice(1) } }),
    )
    const after = corrected.years.find((y) => y.year === '2026')!
    expect(after.enteredByAdmin).toBe(true)
    expect(after.holidays[0]!.dates).toContain('2026-01-05')
    expect(after.makeupDates).not.toContain(dropped)
    const row = (await h.store.find<AuditDoc>('audit_log', { orderBy: { field: 'at', dir: 'desc' }, limit: 1 })).items[0]!
    expect(row).toMatchObject({ what: 'calendar.setYear', target: '2026' })
    expect(row.detail).toContain(`假日 +2026-01-05`)
    expect(row.detail).toContain(`调休上班 −${dropped}`)

    // A deadline counted before the correction keeps its time; a new case uses the corrected calendar (D12).
    h.clock.now = sh('2026-01-02 10:00')
    expectOk(await h.op(setCalendarYear, CITY, { version: corrected.version, year: '2026', arrangement: { source: y2026.source, holidays: y2026.holidays, makeupWorkdays: y2026.makeupDates } }))
    const before = await h.file()
    const now = expectOk(await h.op(getCalendar, CITY, {}))
    // Filed on a holiday: the clock starts on the make-up Sunday, 2026-01-04, until that day is taken out.
    expectOk(await h.op(setCalendarYear, CITY, { version: now.version, year: '2026', arrangement: { source: y2026.source, holidays: y2026.holidays, makeupWorkdays: y2026.makeupDates.slice(1) } }))
    const later = await h.file()
    const due = async (id: string) => (await h.store.get<CaseDoc>('cases', id))!.clocks.accept.dueAt
    expect(dropped).toBe('2026-01-04')
    expect(await due(before.id)).toBe(sh('2026-01-04 17:30'))
    expect(await due(later.id)).toBe(sh('2026-01-05 17:30'))
  })
})
