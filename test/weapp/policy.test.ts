/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import { Category, CATEGORY_INFO } from '../../types/domain'
import { setUpWeappHarness, text } from './support/page'
import type { CloudCall } from './support/weapp-harness'

/**
 * 时限设置 in the weapp build: the page loads the policy, shows each deadline as a number and a unit, and asks
 * the server what the policy means now, showing its sentence under each deadline; a refused track shows the
 * server's words on that track.
 */
const { h, type, ops } = setUpWeappHarness(undefined, { timeoutMs: 60_000 })

const DAY = 450
const clocks = { accept: DAY, firstReply: 2 * DAY, resolve: 15 * DAY }
const TRACKS = [...Category.options, 'group']
const POLICY = { ...Object.fromEntries(TRACKS.map((t) => [t, clocks])), fixed: { supervision: 3 * DAY, transfer: DAY, autoClose: 7 * DAY } }
const CATEGORIES = Object.fromEntries(Category.options.map((c) => [c, { name: CATEGORY_INFO[c].label, hint: CATEGORY_INFO[c].hint, enabled: true, rights: null }]))
const VIEW = { policy: POLICY, isDefault: true, version: 0, defaults: POLICY, categories: CATEGORIES, defaultCategories: CATEGORIES }

const preview = (input: { policy: Record<string, { accept: number }> }) => ({
  tracks: TRACKS.map((track) => ({
    track,
    label: track,
    clocks: (['accept', 'firstReply', 'resolve'] as const).map((clock) => ({
      clock,
      minutes: 0,
      words: '1 个工作日',
      sentence: `今天提交的诉求将在 12月4日 周五 17:30 前${{ accept: '受理', firstReply: '首次答复', resolve: '办结' }[clock]}`,
    })),
  })),
  fixed: [
    { key: 'supervision', label: '', minutes: 0, words: '3 个工作日', sentence: '今天开始督办的诉求要在 12月7日 周一 17:30 前办结' },
    { key: 'transfer', label: '', minutes: 0, words: '1 个工作日', sentence: '今天申请的转办，对方要在 12月2日 周三 17:30 前答复' },
    { key: 'autoClose', label: '', minutes: 0, words: '7 个工作日', sentence: '今天答复的诉求，职工 12月10日 周四 17:30 前不确认将自动结案' },
  ],
  changes: input.policy.pay.accept === DAY ? [] : ['工资报酬 受理：1 个工作日 → 2 个工作小时'],
})

it('loads the policy and shows the server’s sentence under each deadline, and what saving would change', async () => {
  h.reply = (c: CloudCall) => {
    if (c.data.op === 'policy.get') return { ok: true, data: VIEW }
    if (c.data.op === 'policy.preview') return { ok: true, data: preview(c.data.input as never) }
    return { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  }
  const page = h.render('admin/policy/index')
  await h.waitFor(() => text(page).includes('今天提交的诉求将在 12月4日 周五 17:30 前受理'), 15_000)
  // The policy, where the admin may publish (for the rights cards' notices), then the preview.
  expect(ops()).toEqual(['policy.get', 'notice.places', 'policy.preview'])
  expect(h.calls[2]).toMatchObject({ name: 'admin', data: { input: { policy: POLICY, categories: CATEGORIES } } })
  expect(text(page)).toContain('工资报酬')
  expect(text(page)).toContain('今天答复的诉求，职工 12月10日 周四 17:30 前不确认将自动结案')
  expect(text(page)).toContain('还没有改动')

  // 2 个工作小时: the unit converts to working minutes, the server says what changes.
  page.querySelector('.policy-clock-pay-accept .policy-unit-hour')!.dispatchEvent('tap')
  await h.waitFor(() => !!page.querySelector('.policy-clock-pay-accept .policy-unit-hour.policy-unit--on'), 15_000)
  await type(page, '.field-pay-accept', '2')
  await h.waitFor(() => text(page).includes('工资报酬 受理：1 个工作日 → 2 个工作小时'), 15_000)
  const last = h.calls[h.calls.length - 1].data.input as { policy: Record<string, { accept: number }> }
  expect(last.policy.pay.accept).toBe(120)
})

it('shows a refused track’s words on that track', async () => {
  h.reply = (c: CloudCall) => {
    if (c.data.op === 'policy.get') return { ok: true, data: VIEW }
    if (c.data.op === 'policy.preview' && (c.data.input as { policy: Record<string, { resolve: number }> }).policy.other.resolve === 15 * DAY)
      return { ok: true, data: preview(c.data.input as never) }
    return { ok: false, error: { code: 'REQUEST_INVALID', message: '时限应满足：受理 ≤ 首次答复 ≤ 办结', fields: ['policy.other'] } }
  }
  const page = h.render('admin/policy/index')
  await h.waitFor(() => text(page).includes('前受理'), 15_000)
  // Valid for the contract's field rules, refused by the server as a whole track.
  await type(page, '.field-other-resolve', '16')
  await h.waitFor(() => !!page.querySelector('.policy-track-other .policy-track__error'), 15_000)
  expect(text(page.querySelector('.policy-track-other .policy-track__error')!)).toBe('时限应满足：受理 ≤ 首次答复 ≤ 办结')
})
