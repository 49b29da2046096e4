/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import { selected, setUpWeappHarness, tap, tapVanButton, text } from './support/page'
import type { CloudCall, SimComponent } from './support/weapp-harness'

/**
 * The weapp build: the optional 工程项目 choice on the 农民工欠薪 form (asked for the county of the station
 * code, sent as projectId only when a project is chosen, absent when the county has none or the list
 * fails), and no subscribe button or bar while no template id is configured at build time (D31).
 */
// The whole form is filled, one field after another, through the simulator: more than jest's 5 s on a busy machine.
const { h, type, ops } = setUpWeappHarness()

const PROJECTS = [
  {
    id: '01JPROJECTSCHOOL0000000001',
    name: '曹县示例学校项目',
    contractor: '示例建工集团',
    countyId: 'st-CX-0001',
    responsibleStationId: 'st-CX-0003',
    responsibleStationName: '曹县经济开发区驿站（示例）',
  },
  {
    id: '01JPROJECTROAD000000000002',
    name: '曹县示例道路项目',
    contractor: '示例路桥公司',
    countyId: 'st-CX-0001',
    responsibleStationId: 'st-CX-0002',
    responsibleStationName: '曹县某街道驿站（示例）',
  },
]
const SUBMITTED = {
  id: 'case-9',
  caseNo: 'CX2611250009',
  ownerStationName: '曹县经济开发区驿站（示例）',
  privacy: 'confidential',
  acceptPromise: '1 个工作日内受理',
  acceptDue: { at: 0, clock: 'accept', label: '明天 17:30 前受理', overdue: false }, routeReasons: ['scanned'],
}
const replyWith = (projects: (call: CloudCall) => unknown) => (call: CloudCall) =>
  call.data.op === 'project.listForStation' ? projects(call) : call.data.op === 'case.submit' ? { ok: true, data: SUBMITTED } : { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }

async function fillWageCase(page: SimComponent) {
  await h.waitFor(() => text(page).includes('提交诉求'))
  tap(page, '.category-wage_arrears')
  await h.waitFor(() => !!page.querySelector('.field-amount'))
  tap(page, '.own-employer-no')
  await type(page, '.field-employer-name', '示例建筑劳务有限公司')
  await type(page, '.field-description', '工地包工头拖欠我们的工资，快半年了，一直说没钱。')
  await type(page, '.field-contact-name', '李四')
  await type(page, '.field-contact-phone', '13800000002')
}

it('asks for the county’s projects once 农民工欠薪 is chosen, and sends the chosen projectId', async () => {
  h.reply = replyWith(() => ({ ok: true, data: { items: PROJECTS } }))
  const page = h.render('pages/case-new/index', { stationId: 'st-CX-0002', code: 'HZ-CX-0002', kind: 'street', channel: 'qr' })
  await h.waitFor(() => text(page).includes('提交诉求'))
  // Nothing is asked before the category says 欠薪.
  expect(h.calls).toHaveLength(0)
  tap(page, '.category-pay')
  await h.waitFor(() => selected(page, '.category-pay'))
  expect(h.calls).toHaveLength(0)
  expect(text(page)).not.toContain('在哪个工程项目')

  await fillWageCase(page)
  await h.waitFor(() => text(page).includes('在哪个工程项目？'))
  expect(h.calls.filter((c) => c.data.op === 'project.listForStation').map((c) => [c.name, c.data.input])).toEqual([
    ['worker', { stationId: 'st-CX-0002' }],
  ])
  expect(text(page)).toContain('不知道 / 不在列表里')
  expect(text(page)).toContain('曹县示例学校项目')
  expect(text(page)).toContain('总承包：示例建工集团')
  expect(text(page)).toContain('欠薪会交给项目的包保驿站')
  expect(selected(page, '.project-none')).toBe(true)

  tap(page, `.project-${PROJECTS[0].id}`)
  await h.waitFor(() => selected(page, `.project-${PROJECTS[0].id}`))
  tapVanButton(page, '.submit-case')
  await h.waitFor(() => h.navigations.length > 0)
  const submit = h.calls.find((c) => c.data.op === 'case.submit')!
  expect(submit.data.input).toEqual({
    stationId: 'st-CX-0002',
    channel: 'qr',
    category: 'wage_arrears',
    description: '工地包工头拖欠我们的工资，快半年了，一直说没钱。',
    projectId: PROJECTS[0].id,
    workersAffected: 1,
    aboutOwnEmployer: false,
    employer: { kind: 'named', name: '示例建筑劳务有限公司' },
    privacy: 'confidential',
    contact: { name: '李四', phone: '13800000002' },
  })
})

it('sends no projectId for 不知道 / 不在列表里, or once the category is no longer 欠薪', async () => {
  h.reply = replyWith(() => ({ ok: true, data: { items: PROJECTS } }))
  const page = h.render('pages/case-new/index', { stationId: 'st-CX-0002', code: 'HZ-CX-0002', kind: 'street', channel: 'qr' })
  await fillWageCase(page)
  await h.waitFor(() => text(page).includes('在哪个工程项目？'))
  tap(page, `.project-${PROJECTS[1].id}`)
  await h.waitFor(() => selected(page, `.project-${PROJECTS[1].id}`))
  tap(page, '.project-none')
  await h.waitFor(() => selected(page, '.project-none'))
  tapVanButton(page, '.submit-case')
  await h.waitFor(() => h.navigations.length > 0)
  expect(h.calls.find((c) => c.data.op === 'case.submit')!.data.input).not.toHaveProperty('projectId')

  h.calls.length = 0
  h.navigations.length = 0
  const again = h.render('pages/case-new/index', { stationId: 'st-CX-0002', code: 'HZ-CX-0002', kind: 'street', channel: 'qr' })
  await fillWageCase(again)
  await h.waitFor(() => text(again).includes('在哪个工程项目？'))
  tap(again, `.project-${PROJECTS[0].id}`)
  await h.waitFor(() => selected(again, `.project-${PROJECTS[0].id}`))
  tap(again, '.category-pay')
  await h.waitFor(() => !text(again).includes('在哪个工程项目？'))
  tapVanButton(again, '.submit-case')
  await h.waitFor(() => h.navigations.length > 0)
  const input = h.calls.find((c) => c.data.op === 'case.submit')!.data.input
  expect(input).toMatchObject({ category: 'pay' })
  expect(input).not.toHaveProperty('projectId')
})

it('shows nothing about projects when the county has none, or the list cannot be loaded', async () => {
  for (const answer of [
    () => ({ ok: true, data: { items: [] } }),
    () => ({ ok: false, error: { code: 'STORE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' } }),
    () => {
      throw new Error('network down')
    },
  ]) {
    h.calls.length = 0
    h.toasts.length = 0
    h.reply = replyWith(answer)
    const page = h.render('pages/case-new/index', { stationId: 'st-CX-0002', code: 'HZ-CX-0002', kind: 'street', channel: 'qr' })
    await fillWageCase(page)
    await h.waitFor(() => ops().includes('project.listForStation'))
    // Let the answer arrive and the page settle.
    await new Promise((r) => setTimeout(r, 100))
    expect(text(page)).not.toContain('在哪个工程项目')
    expect(page.querySelector('.project-none')).toBeUndefined()
    // An optional list failing is not the person's problem: no error toast.
    expect(h.toasts).toEqual([])
    h.cleanup()
  }
})

it('a station whose county has no projects (the city has none) shows no project choice', async () => {
  h.reply = replyWith(() => ({ ok: true, data: { items: [] } }))
  const page = h.render('pages/case-new/index', { stationId: 'st-HZ-0001', code: 'HZ-HZ-0001', kind: 'city', channel: 'chosen' })
  await fillWageCase(page)
  await h.waitFor(() => ops().includes('project.listForStation'))
  await new Promise((r) => setTimeout(r, 100))
  expect(text(page)).not.toContain('在哪个工程项目')
})

it('with no template id configured at build time: no reminder button on the done page, no bar in the inbox', async () => {
  h.reply = (call) =>
    call.data.op === 'case.get'
      ? { ok: true, data: { id: 'case-9', caseNo: 'CX2611250009', ownerStationName: '曹县经济开发区驿站（示例）', privacy: 'open', stateLabel: '已提交' } }
      : call.data.op === 'me.get'
        ? { ok: true, data: { officer: { memberships: [{ stationId: 'st-CX-0003', stationName: '曹县经济开发区驿站（示例）' }] } } }
        : call.data.op === 'inbox.list'
          ? { ok: true, data: { items: [], counts: {} } }
          : { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  const done = h.render('pages/case-done/index', { id: 'case-9' })
  await h.waitFor(() => text(done).includes('CX2611250009'))
  expect(text(done)).toContain('受理和办理的进展，都会在 我的诉求 里告诉你')
  expect(text(done)).not.toContain('接收办理进度提醒')
  expect(done.querySelector('.subscribe-updates')).toBeUndefined()

  const inbox = h.render('officer/inbox/index')
  await h.waitFor(() => ops().includes('inbox.list') && text(inbox).includes('没有待受理的诉求'))
  expect(text(inbox)).not.toContain('开启新诉求提醒')
})
