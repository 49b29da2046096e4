/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import { fieldValue, selected, setUpWeappHarness, tap, tapVanButton, text } from './support/page'
import type { SimComponent } from './support/weapp-harness'

/**
 * The 反映诉求 draft on a weak network (weapp build): what was typed is kept in storage per station with its
 * request id, comes back when the form is opened again and is sent as the same request (D26); an anonymous
 * draft never holds a name or phone; 清空重填 and success remove it. Storage is the harness's wx.setStorageSync
 * mock (`h.storage`), which lives as long as this file: closing a page and opening it again reads it back.
 */
// The whole form is filled, one field after another, through the simulator: more than jest's 5 s on a busy machine.
const { h, type } = setUpWeappHarness()

interface Stored {
  requestId: string
  values: Record<string, unknown>
}
const stored = (key: string) => h.storage.get(key) as Stored | undefined
const everythingStored = () => JSON.stringify([...h.storage.entries()])
const shown = (page: SimComponent, field: string) => fieldValue(page, field) ?? ''

const RESTORED = '已恢复你上次没提交的内容'
const SAVED = '网络不好，内容已保存，可以稍后再提交'

const DONE = {
  ok: true,
  data: {
    id: 'case-7',
    caseNo: 'CX2611250007',
    ownerStationName: '曹县经济开发区驿站（示例）',
    privacy: 'confidential',
    acceptPromise: '1 个工作日内受理',
    acceptDue: { at: 0, clock: 'accept', label: '明天 17:30 前受理', overdue: false }, routeReasons: ['scanned'],
  },
}

it('keeps the draft through a lost connection and a closed page, and sends it again as the same request', async () => {
  const query = { stationId: 'st-CX-0004', code: 'HZ-CX-0004', kind: 'enterprise', channel: 'qr' }
  const KEY = 'hx.caseDraft.st-CX-0004'
  const DESC = '车间这三个月的加班费一直没有发，问了主管说要等年底。'

  let page = h.render('pages/case-new/index', query)
  await h.waitFor(() => text(page).includes('提交诉求'))
  expect(text(page)).not.toContain(RESTORED)
  // Only opened: nothing is kept.
  expect(h.storage.has(KEY)).toBe(false)

  tap(page, '.category-pay')
  await type(page, '.field-description', DESC)
  await type(page, '.field-contact-name', '张三')
  await type(page, '.field-contact-phone', '13800000001')
  // Kept as the person types, shortly after the last change.
  await h.waitFor(() => stored(KEY)?.values.phone === '13800000001')

  h.reply = () => {
    throw new Error('network down')
  }
  tapVanButton(page, '.submit-case')
  // The form also asked which enterprise this station is (filled in, not asked): only the submits count here.
  const submits = () => h.calls.filter((c) => c.data.op === 'case.submit')
  await h.waitFor(() => submits().length === 1 && h.toasts.length > 0)
  expect(h.toasts.at(-1)).toBe(SAVED)
  await h.waitFor(() => text(page).includes(SAVED))
  const first = submits()[0].data
  expect(stored(KEY)).toMatchObject({
    requestId: first.requestId,
    values: { category: 'pay', description: DESC, privacy: 'confidential', name: '张三', phone: '13800000001' },
  })

  // The page is closed (the app killed); the form opened again for the same station comes back as it was.
  h.cleanup()
  page = h.render('pages/case-new/index', query)
  await h.waitFor(() => text(page).includes(RESTORED))
  expect(text(page)).toContain('清空重填')
  expect(selected(page, '.category-pay')).toBe(true)
  expect(selected(page, '.privacy-confidential')).toBe(true)
  expect(shown(page, '.field-description')).toBe(DESC)
  expect(shown(page, '.field-contact-name')).toBe('张三')
  expect(shown(page, '.field-contact-phone')).toBe('13800000001')

  // Another station has its own (here: no) draft.
  const other = h.render('pages/case-new/index', { stationId: 'st-CX-0003', kind: 'park', channel: 'chosen' })
  await h.waitFor(() => text(other).includes('提交诉求'))
  expect(text(other)).not.toContain(RESTORED)
  expect(shown(other, '.field-description')).toBe('')

  // Sent again: the same request as before, so a reply lost the first time cannot make a second case.
  h.reply = () => DONE
  tapVanButton(page, '.submit-case')
  await h.waitFor(() => h.navigations.length > 0)
  expect(submits()).toHaveLength(2)
  expect(submits()[1].data.requestId).toBe(first.requestId)
  expect(submits()[1].data.input).toEqual(first.input)
  expect(h.navigations[0]).toEqual({ kind: 'redirectTo', url: '/pages/case-done/index?id=case-7' })

  // Sent: the draft is gone, also after the page is left, and the next form starts empty.
  expect(h.storage.has(KEY)).toBe(false)
  h.cleanup()
  expect(h.storage.has(KEY)).toBe(false)
  page = h.render('pages/case-new/index', query)
  await h.waitFor(() => text(page).includes('提交诉求'))
  expect(text(page)).not.toContain(RESTORED)
  expect(shown(page, '.field-description')).toBe('')
})

it('never keeps a name or phone once 匿名 is chosen; 清空重填 starts a new request', async () => {
  const query = { stationId: 'st-CX-0001', kind: 'township', channel: 'chosen' }
  const KEY = 'hx.caseDraft.st-CX-0001'
  const DESC = '工地包工头拖欠我们十几个人的工资，快半年了。'

  let page = h.render('pages/case-new/index', query)
  await h.waitFor(() => text(page).includes('提交诉求'))
  await type(page, '.field-contact-name', '李四')
  await type(page, '.field-contact-phone', '13900000002')
  await h.waitFor(() => stored(KEY)?.values.phone === '13900000002')

  // Switching to 匿名 drops the name and phone kept so far, at once.
  tap(page, '.privacy-anonymous')
  await h.waitFor(() => stored(KEY)?.values.privacy === 'anonymous')
  expect(stored(KEY)?.values).not.toHaveProperty('name')
  expect(stored(KEY)?.values).not.toHaveProperty('phone')
  expect(everythingStored()).not.toMatch(/李四|13900000002/)

  tap(page, '.category-wage_arrears')
  await h.waitFor(() => !!page.querySelector('.field-amount'))
  await type(page, '.field-description', DESC)
  await type(page, '.field-amount', '56000')
  await h.waitFor(() => stored(KEY)?.values.amount === '56000')
  expect(stored(KEY)?.values).toMatchObject({ privacy: 'anonymous', category: 'wage_arrears', description: DESC })
  expect(everythingStored()).not.toMatch(/李四|13900000002/)
  const keptId = stored(KEY)!.requestId

  // Closed and opened again: still anonymous, and the name and phone were never kept to come back.
  h.cleanup()
  expect(everythingStored()).not.toMatch(/李四|13900000002/)
  page = h.render('pages/case-new/index', query)
  await h.waitFor(() => text(page).includes(RESTORED))
  expect(selected(page, '.privacy-anonymous')).toBe(true)
  expect(page.querySelector('.field-contact-name')).toBeFalsy()
  expect(shown(page, '.field-amount')).toBe('56000')
  tap(page, '.privacy-open')
  await h.waitFor(() => !!page.querySelector('.field-contact-name'))
  expect(shown(page, '.field-contact-name')).toBe('')
  expect(shown(page, '.field-contact-phone')).toBe('')

  // 清空重填 asks first, then the draft is removed and the form is empty.
  tap(page, '.draft-reset')
  await h.waitFor(() => !text(page).includes(RESTORED))
  expect(h.modals.at(-1)?.title).toBe('清空重填？')
  expect(h.storage.has(KEY)).toBe(false)
  expect(shown(page, '.field-description')).toBe('')
  expect(selected(page, '.privacy-confidential')).toBe(true)
  expect(selected(page, '.own-employer-no')).toBe(false)

  // The next send is a new request, not the cleared draft's.
  tap(page, '.privacy-anonymous')
  tap(page, '.own-employer-no')
  tap(page, '.category-pay')
  await type(page, '.field-employer-name', '县城东关饭店')
  await type(page, '.field-description', '单位三个月没发工资了，老板一直说下个月。')
  h.reply = () => ({ ok: false, error: { code: 'STORE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' } })
  tapVanButton(page, '.submit-case')
  await h.waitFor(() => h.calls.some((c) => c.data.op === 'case.submit'))
  const sent = h.calls.find((c) => c.data.op === 'case.submit')!.data
  expect(sent.requestId).not.toBe(keptId)
  expect(sent.input).not.toHaveProperty('contact')
  await h.waitFor(() => stored(KEY)?.requestId === sent.requestId)
  expect(everythingStored()).not.toMatch(/李四|13900000002/)
})

it('after a lost reply and a change, says the case was already received instead of filing it again', async () => {
  const query = { stationId: 'st-CX-0002', kind: 'township', channel: 'qr' }
  const page = h.render('pages/case-new/index', query)
  await h.waitFor(() => text(page).includes('提交诉求'))
  tap(page, '.category-pay')
  tap(page, '.own-employer-yes')
  await type(page, '.field-employer-name', '县城东关饭店')
  await type(page, '.field-description', '饭店两个月工资没发，老板说生意不好。')
  await type(page, '.field-contact-name', '王五')
  await type(page, '.field-contact-phone', '13700000003')
  h.reply = () => ({ ok: false, error: { code: 'REQUEST_REUSED', message: '这次提交和上一次不一致，请返回重新填写' } })
  tapVanButton(page, '.submit-case')
  await h.waitFor(() => h.modals.some((m) => m.title === '这条诉求已经提交过了'))
  // 去看看 (confirmed): to 我的诉求, and the draft is removed.
  await h.waitFor(() => h.navigations.length > 0)
  expect(h.navigations[0]).toEqual({ kind: 'switchTab', url: '/pages/mine/index' })
  expect(h.storage.has('hx.caseDraft.st-CX-0002')).toBe(false)
})

it('keeps 本单位 unanswered as unanswered, and reads drafts kept before it could be unanswered', async () => {
  const KEY = 'hx.caseDraft.st-CX-0002'
  const query = { stationId: 'st-CX-0002', code: 'HZ-CX-0002', kind: 'street', channel: 'qr' }
  h.storage.delete(KEY)

  // Typed but 本单位 not answered: kept as not answered, and it comes back not answered.
  let page = h.render('pages/case-new/index', query)
  await h.waitFor(() => text(page).includes('提交诉求'))
  await type(page, '.field-description', '饭店两个月工资没发，老板说生意不好。')
  await h.waitFor(() => !!stored(KEY))
  expect(stored(KEY)?.values).toMatchObject({ ownEmployer: null, privacy: 'confidential', privacyTouched: false })
  h.cleanup()
  page = h.render('pages/case-new/index', query)
  await h.waitFor(() => text(page).includes(RESTORED))
  expect(selected(page, '.own-employer-yes')).toBe(false)
  expect(selected(page, '.own-employer-no')).toBe(false)
  expect(selected(page, '.privacy-confidential')).toBe(true)
  h.cleanup()

  // Drafts kept by the earlier form: 本单位 answered 不是, and 公开给驿站 either preset by that form (not
  // touched) or chosen by the person. (One station each: a page being closed writes its own draft.)
  const old = (privacyTouched: boolean) => ({
    requestId: 'olddraftrequest000000001',
    savedAt: Date.now(),
    values: {
      category: 'pay',
      description: '饭店两个月工资没发，老板说生意不好。',
      amount: '',
      workers: '1',
      ownEmployer: false,
      privacy: 'open',
      privacyTouched,
      projectId: 'none',
      name: '王五',
      phone: '13700000003',
    },
  })
  h.storage.set('hx.caseDraft.st-OLD-preset', old(false))
  h.storage.set('hx.caseDraft.st-OLD-chosen', old(true))

  page = h.render('pages/case-new/index', { stationId: 'st-OLD-preset', kind: 'street', channel: 'chosen' })
  await h.waitFor(() => text(page).includes(RESTORED))
  expect(selected(page, '.category-pay')).toBe(true)
  expect(selected(page, '.own-employer-no')).toBe(true)
  // Not chosen by the person: starts at 对单位保密 like every form.
  expect(selected(page, '.privacy-confidential')).toBe(true)
  expect(shown(page, '.field-contact-name')).toBe('王五')

  page = h.render('pages/case-new/index', { stationId: 'st-OLD-chosen', kind: 'street', channel: 'chosen' })
  await h.waitFor(() => text(page).includes(RESTORED))
  expect(selected(page, '.own-employer-no')).toBe(true)
  // Chosen by the person: kept as chosen.
  expect(selected(page, '.privacy-open')).toBe(true)
})
