import type { OutboxDoc } from '../../cloudfunctions/core/app/records'
import {
  acceptCase,
  confirmCase,
  getCaseDetail,
  getMyCase,
  holdCase,
  listCategories,
  listInbox,
  listMyCases,
  referCase,
  reopenCase,
  replyCase,
  resolveCase,
  runSweep,
  withdrawCase,
} from '../../types/contracts'
import { CaseState, DEADLINE_CLOCK, type ClockName } from '../../types/domain'
import { caseInput, expectError, expectOk, makeHarness, sh, snapshotCounts, submitInput, WORKER, type Harness } from '../support/harness'

/**
 * Words that never confuse (D33, D6a, D8): every deadline a case shows names its clock, or the case shows none;
 * a case that is not handled where it was filed says why; a third 没有解决 is told with the stations the case
 * data names; an amount is refused in Chinese unless it is a sensible number of 元.
 */
const HEAD = 'dev-CX-street-head'
const COUNTY_HEAD = 'dev-CX-county-head'

let h: Harness
beforeEach(async () => {
  h = await makeHarness()
})
afterEach(() => h.close())

/** What each clock's words must say, before the deadline and after it. */
const CLOCK_WORDS: Record<ClockName, RegExp> = {
  accept: /^(今天|明天|\d+月\d+日) \d\d:\d\d 前受理$|^\d+ 个工作(日|小时)内受理$|^受理已超期 \d+ 个工作(日|小时)$/,
  firstReply: /首次答复/,
  resolve: /^(今天|明天|\d+月\d+日) \d\d:\d\d 前办结$|^\d+ 个工作日内办结$|^办结已超期 \d+ 个工作(日|小时)$/,
  transfer: /转办/,
  autoClose: /^(今天|明天|\d+月\d+日) \d\d:\d\d 前不确认将自动结案$|^\d+ 个工作日内不确认将自动结案$|^确认期限已过，将自动结案$/,
}

/** A case brought to `state` by the people who may do it, filed at the 曹城街道 station. */
const caseIn = async (state: CaseState): Promise<string> => {
  const { id } = await h.file()
  if (state === 'submitted') return id
  if (state === 'withdrawn') {
    expectOk(await h.act(withdrawCase, WORKER, id, {}))
    return id
  }
  expectOk(await h.act(acceptCase, HEAD, id))
  if (state === 'accepted') return id
  expectOk(await h.act(replyCase, HEAD, id, { text: '你好，已联系单位核实工资情况。' }))
  if (state === 'in_progress') return id
  if (state === 'on_hold') {
    expectOk(await h.act(holdCase, HEAD, id, { reason: '等单位财务回来' }))
    return id
  }
  if (state === 'referred') {
    expectOk(await h.act(referCase, HEAD, id, { to: 'arbitration', where: '曹县劳动人事争议仲裁院', reason: '需要仲裁确认欠薪数额' }))
    return id
  }
  expectOk(await h.act(resolveCase, HEAD, id, { text: '单位已补发全部工资。', conclusion: 'solved' }))
  if (state === 'resolved') return id
  if (state === 'closed') {
    expectOk(await h.act(confirmCase, WORKER, id, { rating: 5 }))
    return id
  }
  // closed_unconfirmed: the worker's 7 working days pass without an answer.
  h.clock.now = sh('2026-12-07 10:00')
  expectOk(await h.op(runSweep, null, {}))
  return id
}

describe('deadline words (D33)', () => {
  it.each(CaseState.options)('a %s case shows the deadline of its state with the clock named, or none', async (state) => {
    const id = await caseIn(state)
    const worker = expectOk(await h.op(getMyCase, WORKER, { id }))
    expect(worker.state).toBe(state)
    const row = expectOk(await h.op(listMyCases, WORKER, {})).items.find((r) => r.id === id)!
    const officer = expectOk(await h.op(getCaseDetail, HEAD, { id }))
    const clock = DEADLINE_CLOCK[state]
    for (const seen of [worker.deadline, row.deadline, officer.deadline]) {
      if (clock === null) {
        expect(seen).toBeUndefined()
        continue
      }
      expect(seen?.clock).toBe(clock)
      expect(seen?.label).toMatch(CLOCK_WORDS[clock])
    }
  })

  it('words the deadline of each state as a person reads it, before and after it passes', async () => {
    // Filed Wednesday 2026-11-25 10:00: 1 working day to accept, 15 to resolve; resolved at once: 7 to confirm.
    const { id, acceptDue } = await h.file()
    expect(acceptDue).toEqual({ at: sh('2026-11-26 10:00'), clock: 'accept', label: '1 个工作日内受理', overdue: false })
    const label = async () => expectOk(await h.op(getMyCase, WORKER, { id })).deadline?.label
    h.clock.now = sh('2026-11-25 16:00')
    expect(await label()).toBe('明天 10:00 前受理')
    h.clock.now = sh('2026-11-26 11:00')
    // The sweep has not run: the accept deadline has passed and says so.
    expect(await label()).toBe('受理已超期 1 个工作小时')
    h.clock.now = sh('2026-11-25 10:00')
    expectOk(await h.act(acceptCase, HEAD, id))
    expect(await label()).toBe('15 个工作日内办结')
    expectOk(await h.act(resolveCase, HEAD, id, { text: '单位已补发全部工资。', conclusion: 'solved' }))
    // Not a bare "还剩 7 个工作日": what happens when it runs out.
    expect(await label()).toBe('7 个工作日内不确认将自动结案')
    h.clock.now = sh('2026-12-03 16:00')
    expect(await label()).toBe('明天 10:00 前不确认将自动结案')
    // The officer's inbox row reads the same words.
    const rows = expectOk(await h.op(listInbox, HEAD, { stationId: 'st-CX-0002', tab: 'active' })).items
    expect(rows.find((r) => r.id === id)?.deadline?.label).toBe('明天 10:00 前不确认将自动结案')
  })

  it('promises each category its own accept limit on the form and on the submitted page', async () => {
    const list = expectOk(await h.op(listCategories, WORKER, {}))
    const promise = (c: string) => list.items.find((i) => i.category === c)!.acceptPromise
    expect(promise('wage_arrears')).toBe('4 个工作小时内受理')
    expect(promise('pay')).toBe('1 个工作日内受理')
    expect(list.latestAcceptPromise).toBe('1 个工作日内受理')
    const filed = await h.file({ category: 'wage_arrears' })
    expect(filed.acceptPromise).toBe('4 个工作小时内受理')
    expect(filed.acceptDue.label).toBe('今天 15:30 前受理')
  })
})

describe('why another station handles it (D8)', () => {
  it('says so on the submitted page and the case page when the routing skips the station filed at', async () => {
    // 对单位保密 at the 示例纺织 enterprise station: it goes to the park station above.
    const filed = await h.file({ stationId: 'st-CX-0004', privacy: 'confidential', employer: { kind: 'station' } })
    expect(filed.ownerStationName).toBe('曹县经济开发区驿站（示例）')
    expect(filed.routeReasons).toEqual(['confidential_skips_enterprise'])
    expect(filed.routeNote).toBe('对单位保密的诉求不会交给企业驿站，由 曹县经济开发区驿站（示例） 办理')
    const seen = expectOk(await h.op(getMyCase, WORKER, { id: filed.id }))
    expect(seen.route).toEqual({ reasons: ['confidential_skips_enterprise'], note: filed.routeNote })
    // The timeline says the same words.
    expect(seen.timeline.map((t) => t.text)).toContain(filed.routeNote)

    const anonymous = await h.file({ stationId: 'st-CX-0004', privacy: 'anonymous', contact: undefined, employer: { kind: 'station' } })
    expect(anonymous.routeNote).toBe('匿名反映的诉求不会交给企业驿站，由 曹县经济开发区驿站（示例） 办理')

    const group = await h.file({ workersAffected: 12 })
    expect(group.routeReasons).toEqual(['group_to_county'])
    expect(group.routeNote).toBe('涉及 10 人以上的诉求直接交给县区驿站，由 曹县劳动关系服务驿站 办理')
  })

  it('says nothing of routing when the station filed at handles it, and stops once the case has moved on', async () => {
    const filed = await h.file()
    expect(filed.routeReasons).toEqual(['scanned'])
    expect(filed.routeNote).toBeUndefined()
    expect(expectOk(await h.op(getMyCase, WORKER, { id: filed.id })).route).toBeUndefined()

    const skipped = await h.file({ stationId: 'st-CX-0004', privacy: 'confidential', employer: { kind: 'station' } })
    const park = 'dev-CX-park-liaison'
    expectOk(await h.act(acceptCase, park, skipped.id))
    expectOk(await h.act(replyCase, park, skipped.id, { text: '你好，已收到，正在核实。' }))
    expectOk(await h.act(resolveCase, park, skipped.id, { text: '已协调单位补发。', conclusion: 'solved' }))
    for (let i = 0; i < 3; i++) {
      expectOk(await h.act(reopenCase, WORKER, skipped.id, { reason: '钱还没有到账' }))
      if (i < 2) expectOk(await h.act(resolveCase, park, skipped.id, { text: '已再次协调单位。', conclusion: 'solved' }))
    }
    // Now the county has it: the timeline tells that move, the page no longer explains the first one.
    expect(expectOk(await h.op(getMyCase, WORKER, { id: skipped.id })).route).toBeUndefined()
  })
})

describe('a third 没有解决 (D6a)', () => {
  const threeTimes = async (id: string, officer: string) => {
    expectOk(await h.act(acceptCase, officer, id))
    expectOk(await h.act(replyCase, officer, id, { text: '你好，已联系单位核实工资情况。' }))
    for (let i = 1; i <= 3; i++) {
      expectOk(await h.act(resolveCase, officer, id, { text: `第 ${i} 次办理：单位答应补发。`, conclusion: 'solved' }))
      expectOk(await h.act(reopenCase, WORKER, id, { reason: `第 ${i} 次：钱还没有到账` }))
    }
  }

  it('names the station that now owns it and the one that supervises, as the case data does', async () => {
    const { id } = await h.file()
    await threeTimes(id, HEAD)
    const officer = expectOk(await h.op(getCaseDetail, COUNTY_HEAD, { id }))
    expect(officer.ownerStationName).toBe('曹县劳动关系服务驿站')
    expect(officer.supervisorStationName).toBe('菏泽市劳动关系服务驿站')
    const worker = expectOk(await h.op(getMyCase, WORKER, { id }))
    expect(worker.ownerStationName).toBe(officer.ownerStationName)
    expect(worker.timeline.at(-1)?.text).toBe(`多次未解决，改由 ${officer.ownerStationName} 办理，${officer.supervisorStationName} 督办`)
    // The county is told it has the case, the city that it supervises.
    const told = (await h.store.find<OutboxDoc>('outbox', { limit: 500 })).items.filter((o) => o.caseId === id).map((o) => `${o.to}:${o.data.summary}`)
    expect(told).toEqual(expect.arrayContaining([`${COUNTY_HEAD}:多次未解决，由你办理`, 'dev-city-admin:多次未解决，请督办']))
  })

  it('at the county the city owns it with no supervisor above it, and city admins are told', async () => {
    const { id } = await h.file({ stationId: 'st-CX-0001' })
    await threeTimes(id, COUNTY_HEAD)
    const city = expectOk(await h.op(getCaseDetail, 'dev-city-admin', { id }))
    expect(city.ownerStationName).toBe('菏泽市劳动关系服务驿站')
    expect(city.supervisorStationName).toBeNull()
    const worker = expectOk(await h.op(getMyCase, WORKER, { id }))
    expect(worker.timeline.at(-1)?.text).toBe('多次未解决，改由 菏泽市劳动关系服务驿站 办理')
    const told = (await h.store.find<OutboxDoc>('outbox', { limit: 500 })).items.filter((o) => o.caseId === id).map((o) => `${o.to}:${o.data.summary}`)
    expect(told).toContain('dev-city-admin:多次未解决')
  })
})

describe('the amount owed', () => {
  it.each([
    ['zero', 0, '金额至少 1 元；不清楚可以不填'],
    ['negative', -500, '金额至少 1 元；不清楚可以不填'],
    ['more than 1 亿', 200_000_000, '金额不能超过 1 亿元，请核对后再填'],
    ['finer than a 分', 1200.555, '金额最多精确到分（小数点后两位）'],
    ['not a number', '1.2万', '金额请填数字（元），例如 12000；不清楚可以不填'],
  ])('refuses %s with a clear Chinese message at the field, writing nothing', async (_what, amountOwed, message) => {
    const before = await snapshotCounts(h.store)
    const err = expectError(await h.call('worker', WORKER, 'case.submit', caseInput({ amountOwed })), 'REQUEST_INVALID')
    expect(err.message).toBe(message)
    expect(err.fields).toEqual(['amountOwed'])
    expect(await snapshotCounts(h.store)).toEqual(before)
  })

  it('takes an amount in 元 to the 分 and shows it back', async () => {
    const { id } = await h.file({ ...submitInput(), amountOwed: 12000.5 })
    expect(expectOk(await h.op(getMyCase, WORKER, { id })).amountOwed).toBe(12000.5)
  })
})
