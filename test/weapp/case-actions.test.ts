/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import { one, setUpWeappHarness, tapVanButton, text } from './support/page'
import type { CloudCall } from './support/weapp-harness'

/**
 * Case actions in the weapp build, through vant's own buttons, fields and rate: the officer page offers
 * exactly the ops the server lists, sends the version it shows, confirms irreversible ones first and
 * reloads after success and after CASE_CONFLICT; the 转办 picker lists only the kinds of station the
 * server allows (no enterprise station for a confidential case); the worker page closes a case with stars.
 */
const { h, type, ops: allOps } = setUpWeappHarness()
/** The case page's 关联诉求 section asks for the linked cases once, on its own: none here, and not counted below. */
const NO_LINKS = { ok: true, data: { items: [], mayLink: false } }
const ops = () => allOps().filter((op) => op !== 'case.links')

const OFFICER_DETAIL = {
  id: 'case-1',
  caseNo: 'CX2611250001',
  category: 'pay',
  categoryLabel: '工资报酬',
  excerpt: '工地上两个月的工资一直拖着没发',
  state: 'submitted',
  stateLabel: '已提交',
  privacy: 'open',
  privacyLabel: '公开',
  stationName: '曹城街道驿站（示例）',
  workersAffected: 1,
  createdAt: 0,
  createdLabel: '11月25日 周三 09:00',
  deadline: { at: 0, clock: 'resolve', label: '1 个工作日内办结', overdue: false },
  description: '工地上两个月的工资一直拖着没发，找项目部也没人管。',
  aboutOwnEmployer: false,
  channel: 'qr',
  filedBy: null,
  claim: null,
  scannedStationName: '曹城街道驿站（示例）',
  ownerStationName: '曹城街道驿站（示例）',
  identity: { name: '张三', phone: '13800000001' },
  identityNote: '职工同意公开身份给驿站',
  version: 1,
  actions: ['case.accept', 'case.note', 'case.transfer', 'case.escalate', 'case.refer', 'case.flagGroup'],
  pendingTransfer: null,
  transferKinds: ['city', 'county', 'township', 'park', 'enterprise'],
  supervisorStationName: null,
  supervision: null,
  rating: null,
  timeline: [{ at: 0, atLabel: '11月25日 周三 09:00', text: '职工提交了诉求', internal: false }],
  mediaCount: 0,
  newMessage: false,
  thread: [],
}

it('offers exactly the listed actions and sends 受理 with the version shown, then reloads', async () => {
  let detail: Record<string, unknown> = { ...OFFICER_DETAIL }
  h.reply = (c: CloudCall) => {
    if (c.data.op === 'case.links') return NO_LINKS
    if (c.data.op === 'case.detail') return { ok: true, data: detail }
    if (c.data.op === 'case.accept') {
      detail = { ...detail, version: 2, state: 'accepted', stateLabel: '已受理', actions: ['case.start', 'case.reply', 'case.note', 'case.resolve'] }
      return { ok: true, data: { id: 'case-1', version: 2, state: 'accepted', stateLabel: '已受理' } }
    }
    return { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  }
  const page = h.render('officer/case/index', { id: 'case-1' })
  await h.waitFor(() => !!page.querySelector('.act-accept'))
  for (const key of ['accept', 'transfer', 'escalate', 'refer', 'flagGroup']) expect(page.querySelector(`.act-${key}`)).toBeDefined()
  for (const key of ['start', 'hold', 'resume', 'takeTransfer', 'decline', 'resolve']) expect(page.querySelector(`.act-${key}`)).toBeUndefined()
  // Only the note is allowed before acceptance: no switch, and it says who can read it.
  expect(page.querySelector('.tab-reply')).toBeUndefined()
  expect(text(page)).toContain('内部备注只有工作人员能看到，职工看不到')

  tapVanButton(page, '.act-accept')
  await h.waitFor(() => !!page.querySelector('.act-resolve'))
  expect(ops()).toEqual(['case.detail', 'case.accept', 'case.detail'])
  const accept = h.calls.find((c) => c.data.op === 'case.accept')!
  expect(accept.name).toBe('officer')
  expect(accept.data.input).toEqual({ id: 'case-1', version: 1 })
  expect(h.toasts).toContain('已受理')
  expect(page.querySelector('.act-accept')).toBeUndefined()
  expect(page.querySelector('.tab-reply')).toBeDefined()
})

it('says what a stale version means and reloads (CASE_CONFLICT)', async () => {
  let version = 3
  h.reply = (c: CloudCall) => {
    if (c.data.op === 'case.links') return NO_LINKS
    if (c.data.op === 'case.detail') return { ok: true, data: { ...OFFICER_DETAIL, version } }
    version = 4
    return { ok: false, error: { code: 'CASE_CONFLICT', message: '这条诉求刚刚被别人处理过，请刷新后再试' } }
  }
  const page = h.render('officer/case/index', { id: 'case-1' })
  await h.waitFor(() => !!page.querySelector('.act-accept'))
  tapVanButton(page, '.act-accept')
  await h.waitFor(() => ops().length === 3)
  expect(h.calls.find((c) => c.data.op === 'case.accept')!.data.input).toEqual({ id: 'case-1', version: 3 })
  expect(ops()).toEqual(['case.detail', 'case.accept', 'case.detail'])
  await h.waitFor(() => h.toasts.includes('这条诉求刚刚被别人处理过，请刷新后再试'))
})

it('asks for a reason and confirms before 上报, sending nothing when the officer cancels', async () => {
  h.reply = (c: CloudCall) =>
    c.data.op === 'case.links'
      ? NO_LINKS
      : c.data.op === 'case.detail'
        ? { ok: true, data: OFFICER_DETAIL }
        : { ok: true, data: { id: 'case-1', version: 2, state: 'submitted', stateLabel: '已提交' } }
  const page = h.render('officer/case/index', { id: 'case-1' })
  await h.waitFor(() => !!page.querySelector('.act-escalate'))
  tapVanButton(page, '.act-escalate')
  await h.waitFor(() => !!page.querySelector('.action-form-escalate'))
  expect(text(one(page, '.action-form-escalate'))).toContain('2 到 200 个字')

  // Empty: the contract's own message, at the form; nothing sent, nothing asked.
  tapVanButton(page, '.action-form-escalate .panel-submit')
  await h.waitFor(() => text(page).includes('请写明上报理由'))
  expect(h.modals).toHaveLength(0)

  await type(page, '.field-action-text', '涉及多个单位，需要县里协调')
  h.confirmModal = false
  tapVanButton(page, '.action-form-escalate .panel-submit')
  await h.waitFor(() => h.modals.length === 1)
  expect(h.modals[0].content).toBe('上报后由上一级驿站办理，本驿站不能再办理这条诉求。')
  expect(ops()).toEqual(['case.detail'])

  h.confirmModal = true
  tapVanButton(page, '.action-form-escalate .panel-submit')
  await h.waitFor(() => ops().includes('case.escalate'))
  expect(h.calls.find((c) => c.data.op === 'case.escalate')?.data.input).toEqual({ id: 'case-1', version: 1, reason: '涉及多个单位，需要县里协调' })
})

const station = (id: string, name: string, kind: string, kindLabel: string) => ({ id, code: id.replace('st-', 'HZ-'), name, kind, kindLabel, demo: true, status: 'active' })
const CX_STATIONS = {
  county: station('st-CX-0001', '曹县劳动关系服务驿站', 'county', '县区驿站'),
  items: [
    station('st-CX-0002', '曹城街道驿站（示例）', 'township', '乡镇(街道)驿站'),
    station('st-CX-0003', '曹县经济开发区驿站（示例）', 'park', '园区驿站'),
    station('st-CX-0004', '示例纺织有限公司驿站（曹县，示例）', 'enterprise', '企业驿站'),
    station('st-CX-0005', '示例食品有限公司驿站（曹县，示例）', 'enterprise', '企业驿站'),
  ],
}

/** Opens 转办 on a case with these details and picks 曹县: the picker's station list is then shown. */
async function openTransferPicker(detail: Record<string, unknown>) {
  h.reply = (c: CloudCall) => {
    if (c.data.op === 'case.links') return NO_LINKS
    if (c.data.op === 'case.detail') return { ok: true, data: detail }
    if (c.data.op === 'station.counties') return { ok: true, data: { items: [CX_STATIONS.county] } }
    if (c.data.op === 'station.listByCounty') return { ok: true, data: CX_STATIONS }
    return { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  }
  const page = h.render('officer/case/index', { id: 'case-1' })
  await h.waitFor(() => !!page.querySelector('.act-transfer'))
  tapVanButton(page, '.act-transfer')
  await h.waitFor(() => !!page.querySelector('.pick-county-st-CX-0001'))
  one(page, '.pick-county-st-CX-0001').dispatchEvent('tap')
  await h.waitFor(() => !!page.querySelector('.pick-station-st-CX-0001'))
  return page
}

it('转办 offers an open case every station of the county, enterprise stations too, with no note', async () => {
  const page = await openTransferPicker(OFFICER_DETAIL)
  for (const id of ['0001', '0002', '0003', '0004', '0005']) expect(page.querySelector(`.pick-station-st-CX-${id}`)).toBeDefined()
  expect(page.querySelector('.station-picker__hidden')).toBeUndefined()
})

it('转办 offers a confidential case no enterprise station and says why in one line', async () => {
  const page = await openTransferPicker({
    ...OFFICER_DETAIL,
    privacy: 'confidential',
    privacyLabel: '对单位保密',
    identityNote: '对单位保密：身份仅政府/工会方可见',
    transferKinds: ['city', 'county', 'township', 'park'],
  })
  for (const id of ['0001', '0002', '0003']) expect(page.querySelector(`.pick-station-st-CX-${id}`)).toBeDefined()
  for (const id of ['0004', '0005']) expect(page.querySelector(`.pick-station-st-CX-${id}`)).toBeUndefined()
  expect(text(one(page, '.station-picker__hidden'))).toBe('这条诉求是“对单位保密”的，不能转给企业驿站，这里不显示企业驿站')

  // Choosing one names it above the list.
  one(page, '.pick-station-st-CX-0003').dispatchEvent('tap')
  await h.waitFor(() => text(page).includes('转给：曹县经济开发区驿站（示例）'))
})

const WORKER_DETAIL = {
  id: 'case-1',
  caseNo: 'CX2611250001',
  category: 'pay',
  categoryLabel: '工资报酬',
  state: 'resolved',
  stateLabel: '已答复待确认',
  privacy: 'open',
  stationName: '曹城街道驿站（示例）',
  createdAt: 0,
  createdLabel: '11月25日 周三 09:00',
  description: '工地上两个月的工资一直拖着没发，找项目部也没人管。',
  workersAffected: 1,
  ownerStationName: '曹城街道驿站（示例）',
  timeline: [{ at: 0, atLabel: '11月25日 周三 10:00', text: '办理结果：已协调项目部补发工资。', internal: false }],
  version: 5,
  actions: ['case.confirm', 'case.reopen'],
  rating: null,
  mediaCount: 0,
  hasNewReply: false,
  thread: [],
  result: { text: '已协调项目部补发工资。', atLabel: '11月25日 周三 10:00' },
}

it('lets the worker close a resolved case with van-rate stars and shows the rating after', async () => {
  let detail: Record<string, unknown> = { ...WORKER_DETAIL }
  h.reply = (c: CloudCall) => {
    if (c.data.op === 'case.get') return { ok: true, data: detail }
    detail = { ...detail, version: 6, state: 'closed', stateLabel: '已结案', actions: [], rating: 5 }
    return { ok: true, data: { id: 'case-1', version: 6, state: 'closed', stateLabel: '已结案' } }
  }
  const page = h.render('pages/case/index', { id: 'case-1' })
  await h.waitFor(() => !!page.querySelector('.act-confirm'))
  expect(text(page)).toContain('驿站已经答复，问题解决了吗？')
  expect(page.querySelector('.act-reopen')).toBeDefined()
  expect(page.querySelector('.act-withdraw')).toBeUndefined()

  tapVanButton(page, '.act-confirm')
  await h.waitFor(() => !!page.querySelector('.rate-case'))
  // The fifth star of van-rate, tapped as the platform would.
  const stars = one(page, '.rate-case').querySelectorAll('.van-rate__icon')
  expect(stars).toHaveLength(5)
  one(stars[4], '.van-icon').dispatchEvent('tap')
  await h.waitFor(() => text(page).includes('5 星 · 非常满意'))
  tapVanButton(page, '.action-form-confirm .panel-submit')
  await h.waitFor(() => !!page.querySelector('.my-rating'))
  const sent = h.calls.find((c) => c.data.op === 'case.confirm')
  expect(sent?.name).toBe('worker')
  expect(sent?.data.input).toEqual({ id: 'case-1', version: 5, rating: 5 })
  expect(text(one(page, '.my-rating'))).toContain('5 星')
  expect(page.querySelector('.act-confirm')).toBeUndefined()
})
