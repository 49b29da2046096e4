/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import { one, setUpWeappHarness, tap, tapVanButton, text } from './support/page'
import type { CloudCall } from './support/weapp-harness'

/**
 * The case conversation in the weapp build: the worker's page shows 办理结果 on top and the thread with who,
 * when, words, photo thumbnails (asked for by the ids the thread names) and a voice note's length; its
 * composer sends words with the version shown. The officer's page writes 回复职工 or 内部备注.
 */
const { h, type } = setUpWeappHarness()

const BASE = {
  id: 'case-1',
  caseNo: 'CX2611250001',
  category: 'pay',
  categoryLabel: '工资报酬',
  privacy: 'open',
  stationName: '曹城街道驿站（示例）',
  createdAt: 0,
  createdLabel: '11月25日 周三 09:00',
  description: '工地上两个月的工资一直拖着没发。',
  workersAffected: 1,
  ownerStationName: '曹城街道驿站（示例）',
  timeline: [{ at: 0, atLabel: '11月25日 周三 09:00', text: '诉求已提交', internal: false }],
  rating: null,
  mediaCount: 0,
  hasNewReply: false,
}

const THREAD = [
  {
    id: 'e1',
    at: 1,
    atLabel: '11月25日 周三 10:00',
    from: 'worker',
    kind: 'message',
    who: '我',
    text: '这是工资条',
    internal: false,
    media: [
      { id: 'md-1', kind: 'photo', width: 160, height: 120 },
      { id: 'md-2', kind: 'voice', durationMs: 7000 },
    ],
  },
  { id: 'e2', at: 2, atLabel: '11月25日 周三 11:00', from: 'station', kind: 'message', who: '曹城街道驿站（示例）', text: '收到，已约单位明天谈', internal: false, media: [] },
]

const VIEWS = {
  ok: true,
  data: {
    items: [
      { id: 'md-1', kind: 'photo', width: 160, height: 120, url: 'https://files.test/md-1.jpg', thumbUrl: 'https://files.test/md-1-thumb.jpg' },
      { id: 'md-2', kind: 'voice', durationMs: 7000, url: 'https://files.test/md-2.aac' },
    ],
    expiresAt: Date.now() + 600_000,
  },
}

it('shows the worker the conversation with thumbnails and voice length, and sends a message with the version shown', async () => {
  let detail: Record<string, unknown> = { ...BASE, state: 'in_progress', stateLabel: '办理中', version: 4, actions: ['case.withdraw', 'case.addInfo'], thread: THREAD, result: null }
  h.reply = (c: CloudCall) => {
    if (c.data.op === 'case.get') return { ok: true, data: detail }
    if (c.data.op === 'case.myMedia') return VIEWS
    if (c.data.op === 'case.addInfo') {
      detail = { ...detail, version: 5, thread: [...THREAD, { ...THREAD[0], id: 'e3', text: '单位说下周再谈', media: [] }] }
      return { ok: true, data: { id: 'case-1', version: 5, state: 'in_progress', stateLabel: '办理中' } }
    }
    return { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  }
  const page = h.render('pages/case/index', { id: 'case-1' })
  await h.waitFor(() => !!page.querySelector('.thread-photo__img'))
  const thread = text(one(page, '.thread'))
  expect(thread).toContain('这是工资条')
  expect(thread).toContain('收到，已约单位明天谈')
  expect(thread).toContain('曹城街道驿站（示例）')
  expect(thread).toContain('0:07')
  // Newest at the bottom: the station's answer comes after the worker's message.
  expect(thread.indexOf('收到')).toBeGreaterThan(thread.indexOf('这是工资条'))
  // The thumbnails come from the ids the thread names, in one call.
  const media = h.calls.filter((c) => c.data.op === 'case.myMedia')
  expect(media).toHaveLength(1)
  expect(media[0]!.data.input).toEqual({ id: 'case-1', ids: ['md-1', 'md-2'] })
  expect(page.querySelector('.case-result')).toBeUndefined()

  await type(page, '.field-thread', '单位说下周再谈')
  tapVanButton(page, '.thread-send-addInfo')
  await h.waitFor(() => text(one(page, '.thread')).includes('单位说下周再谈'))
  const sent = h.calls.find((c) => c.data.op === 'case.addInfo')!
  expect(sent.name).toBe('worker')
  expect(sent.data.input).toEqual({ id: 'case-1', version: 4, text: '单位说下周再谈', media: [] })
  expect(h.toasts).toContain('已发送，驿站会看到')
})

it('puts 办理结果 at the top of a resolved case, before the conversation, with no composer', async () => {
  h.reply = (c: CloudCall) =>
    c.data.op === 'case.get'
      ? {
          ok: true,
          data: {
            ...BASE,
            state: 'resolved',
            stateLabel: '已答复待确认',
            version: 6,
            actions: ['case.confirm', 'case.reopen'],
            thread: [],
            result: { text: '已协调项目部补发工资。', atLabel: '11月26日 周四 10:00' },
          },
        }
      : { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  const page = h.render('pages/case/index', { id: 'case-1' })
  await h.waitFor(() => !!page.querySelector('.case-result'))
  const all = text(page)
  expect(text(one(page, '.case-result'))).toContain('已协调项目部补发工资。')
  expect(all.indexOf('办理结果')).toBeLessThan(all.indexOf('和驿站的对话'))
  expect(all.indexOf('办理结果')).toBeLessThan(all.indexOf('诉求编号'))
  expect(page.querySelector('.act-confirm')).toBeDefined()
  expect(page.querySelector('.thread-send-addInfo')).toBeUndefined()
  expect(all).toContain('驿站已经答复：请在上面确认问题是否解决。')
  // No photos in the thread: nothing asked.
  expect(h.calls.some((c) => c.data.op === 'case.myMedia')).toBe(false)
})

it('lets the officer write 回复职工 or 内部备注 and marks notes in the thread', async () => {
  const detail = {
    ...BASE,
    excerpt: '工地上两个月的工资一直拖着没发。',
    state: 'in_progress',
    stateLabel: '办理中',
    privacyLabel: '公开',
    ownerStationId: 'st-CX-0002',
    newMessage: false,
    aboutOwnEmployer: false,
    employer: null,
    channel: 'qr',
    filedBy: null,
    claim: null,
    scannedStationName: '曹城街道驿站（示例）',
    identity: null,
    identityNote: '你所在的驿站不能查看这位职工的身份',
    version: 3,
    actions: ['case.reply', 'case.note', 'case.resolve'],
    pendingTransfer: null,
    transferKinds: ['county'],
    supervisorStationName: null,
    supervision: null,
    thread: [{ id: 'n1', at: 1, atLabel: '11月25日 周三 12:00', from: 'station', kind: 'note', who: '我 · 曹城街道驿站（示例）', text: '已电话联系单位', internal: true, media: [] }],
  }
  h.reply = (c: CloudCall) => {
    if (c.data.op === 'case.detail') return { ok: true, data: detail }
    if (c.data.op === 'case.links') return { ok: true, data: { items: [], mayLink: false } }
    if (c.data.op === 'case.note') return { ok: true, data: { id: 'case-1', version: 4, state: 'in_progress', stateLabel: '办理中' } }
    return { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  }
  const page = h.render('officer/case/index', { id: 'case-1' })
  await h.waitFor(() => !!page.querySelector('.thread-msg--internal'))
  expect(text(one(page, '.thread-msg--internal'))).toContain('内部备注 · 职工看不到')
  expect(page.querySelector('.tab-reply')).toBeDefined()
  expect(text(page)).toContain('职工能看到这条回复，并会收到提醒。')
  tap(page, '.tab-note')
  await h.waitFor(() => !!page.querySelector('.thread-send-note'))
  await type(page, '.field-thread', '单位负责人下午回电')
  tapVanButton(page, '.thread-send-note')
  await h.waitFor(() => h.calls.some((c) => c.data.op === 'case.note'))
  const sent = h.calls.find((c) => c.data.op === 'case.note')!
  expect(sent.name).toBe('officer')
  expect(sent.data.input).toEqual({ id: 'case-1', version: 3, text: '单位负责人下午回电', media: [] })
})
