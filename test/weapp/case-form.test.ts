/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import { one, selected, setUpWeappHarness, tap, tapVanButton, text } from './support/page'

/**
 * The 反映诉求 form of the weapp build, filled and sent through vant's own fields and buttons: where it starts
 * (D8c), checks before sending, the privacy confirmation, one request id across retries, server field errors
 * shown at the field, and the hand-off to the done page.
 */
const { h, type } = setUpWeappHarness()

it('checks, confirms and sends a case with one request id across retries', async () => {
  const page = h.render('pages/case-new/index', { stationId: 'st-CX-0004', code: 'HZ-CX-0004', kind: 'enterprise', channel: 'qr' })
  await h.waitFor(() => text(page).includes('提交诉求'))
  // Before a category is chosen, the slowest promise; then the chosen category's own (D33).
  await h.waitFor(() => text(page).includes('提交后，驿站最迟会在 1 个工作日内受理'))

  // At an enterprise station: 本单位 starts at 是; privacy starts at 对单位保密 (as at every station).
  expect(selected(page, '.own-employer-yes')).toBe(true)
  expect(selected(page, '.own-employer-no')).toBe(false)
  expect(selected(page, '.privacy-confidential')).toBe(true)
  expect(selected(page, '.privacy-open')).toBe(false)
  for (const label of ['公开给驿站', '对单位保密', '匿名']) expect(text(page)).toContain(label)

  // Nothing filled: the form says what is missing, at the fields, and sends nothing.
  tapVanButton(page, '.submit-case')
  await h.waitFor(() => text(page).includes('请至少写 10 个字'))
  expect(text(one(page, '.field-description'))).toContain('请至少写 10 个字')
  expect(text(page)).toContain('请选一个最接近的类别')
  // The only call so far names the station's enterprise (it is filled in, not asked).
  const submits = () => h.calls.filter((c) => c.data.op === 'case.submit')
  expect(submits()).toHaveLength(0)

  tap(page, '.category-wage_arrears')
  await h.waitFor(() => text(page).includes('提交后，驿站会在 4 个工作小时内受理'))
  // The amount is in 元, said beside the field.
  expect(text(one(page, '.field-amount'))).toContain('元')
  tap(page, '.category-pay')
  await h.waitFor(() => text(page).includes('提交后，驿站会在 1 个工作日内受理'))
  await type(page, '.field-description', '车间这三个月的加班费一直没有发，问了主管说要等年底。')
  await type(page, '.field-contact-name', '张三')
  await type(page, '.field-contact-phone', '13800000001')
  await h.waitFor(() => selected(page, '.category-pay') && !text(page).includes('请至少写 10 个字'))

  // 1st try: the connection drops.
  h.reply = () => {
    throw new Error('network down')
  }
  tapVanButton(page, '.submit-case')
  // The toast is recorded when the page draws it (the empty form's toast came before it).
  await h.waitFor(() => submits().length === 1 && h.toasts.includes('网络不好，内容已保存，可以稍后再提交'))
  expect(h.modals.at(-1)?.content).toContain('对单位保密')
  expect(h.toasts.at(-1)).toBe('网络不好，内容已保存，可以稍后再提交')
  const first = submits()[0]
  expect(first.name).toBe('worker')
  expect(first.data.op).toBe('case.submit')
  expect(first.data.input).toEqual({
    stationId: 'st-CX-0004',
    channel: 'qr',
    category: 'pay',
    description: '车间这三个月的加班费一直没有发，问了主管说要等年底。',
    workersAffected: 1,
    aboutOwnEmployer: true,
    employer: { kind: 'station' },
    privacy: 'confidential',
    contact: { name: '张三', phone: '13800000001' },
  })

  // 2nd try: the server refuses a field; its message appears at that field.
  h.reply = () => ({ ok: false, error: { code: 'REQUEST_INVALID', message: '这个电话号码打不通，请换一个', fields: ['contact.phone'] } })
  tapVanButton(page, '.submit-case')
  await h.waitFor(() => text(one(page, '.field-contact-phone')).includes('这个电话号码打不通'))
  expect(submits()[1].data.requestId).toBe(first.data.requestId)

  // 3rd try goes through, still as the same request, and opens the done page.
  h.reply = () => ({
    ok: true,
    data: {
      id: 'case-1',
      caseNo: 'CX2611250001',
      ownerStationName: '曹县经济开发区驿站（示例）',
      privacy: 'confidential',
      acceptPromise: '1 个工作日内受理',
      acceptDue: { at: 0, clock: 'accept', label: '明天 17:30 前受理', overdue: false }, routeReasons: ['scanned'],
    },
  })
  tapVanButton(page, '.submit-case')
  await h.waitFor(() => h.navigations.length > 0)
  expect(submits()).toHaveLength(3)
  expect(submits()[2].data.requestId).toBe(first.data.requestId)
  expect(h.navigations[0]).toEqual({ kind: 'redirectTo', url: '/pages/case-done/index?id=case-1' })
})

it('sends no name or phone when 匿名 is chosen, and says so before sending', async () => {
  h.calls.length = 0
  h.navigations.length = 0
  const page = h.render('pages/case-new/index', { stationId: 'st-CX-0001', kind: 'township', channel: 'chosen' })
  await h.waitFor(() => text(page).includes('提交诉求'))
  // Not an enterprise station: 本单位 has no answer yet, and privacy starts at 对单位保密.
  expect(selected(page, '.own-employer-yes')).toBe(false)
  expect(selected(page, '.own-employer-no')).toBe(false)
  expect(selected(page, '.privacy-confidential')).toBe(true)

  tap(page, '.privacy-anonymous')
  await h.waitFor(() => !page.querySelector('.field-contact-name'))
  expect(text(page)).toContain('匿名反映不会收到消息提醒')
  tap(page, '.category-wage_arrears')
  await h.waitFor(() => !!page.querySelector('.field-amount'))
  await type(page, '.field-description', '工地包工头拖欠我们十几个人的工资，快半年了。')
  await type(page, '.field-amount', '56000')
  await type(page, '.field-workers', '12')
  await type(page, '.field-employer-name', '某某建筑劳务公司')

  // 本单位 not answered: the form says so at the question and sends nothing.
  tapVanButton(page, '.submit-case')
  const ownQuestion = () => one(page, '.own-employer-no').dom.parentElement?.textContent ?? ''
  await h.waitFor(() => ownQuestion().includes('请选择是不是本单位的问题'))
  expect(h.toasts.at(-1)).toBe('请选择是不是本单位的问题')
  expect(h.calls.filter((c) => c.data.op === 'case.submit')).toHaveLength(0)

  // Answering it clears the message and leaves the privacy choice as it was.
  tap(page, '.own-employer-yes')
  await h.waitFor(() => selected(page, '.own-employer-yes'))
  tap(page, '.own-employer-no')
  await h.waitFor(() => selected(page, '.own-employer-no') && !text(page).includes('请选择是不是本单位的问题'))
  expect(selected(page, '.privacy-anonymous')).toBe(true)

  h.reply = () => ({ ok: false, error: { code: 'STORE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' } })
  tapVanButton(page, '.submit-case')
  // Choosing 农民工欠薪 also asked for the county's projects; the case itself is the submit call.
  const submits = () => h.calls.filter((c) => c.data.op === 'case.submit')
  await h.waitFor(() => submits().length === 1)
  expect(h.modals.at(-1)?.content).toContain('匿名')
  expect(submits()[0].data.input).toEqual({
    stationId: 'st-CX-0001',
    channel: 'chosen',
    category: 'wage_arrears',
    description: '工地包工头拖欠我们十几个人的工资，快半年了。',
    amountOwed: 56000,
    workersAffected: 12,
    aboutOwnEmployer: false,
    employer: { kind: 'named', name: '某某建筑劳务公司' },
    privacy: 'anonymous',
  })
  await h.waitFor(() => h.toasts.at(-1) === '服务暂时不可用，请稍后再试')
  expect(h.navigations).toHaveLength(0)
})
