/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import { parseNoticeBody } from '../../cloudfunctions/core/app/notice-body'
import { HOSTILE_BODY } from '../support/hostile-notice'
import { setUpWeappHarness, tap, text } from './support/page'
import type { CloudCall } from './support/weapp-harness'

/**
 * 政策 in the weapp build: a notice body the server parsed from a hostile text renders as words (no markup,
 * no script, only allowed links); the list marks what this reader has not opened; the case form shows the
 * category's 「你的权利」 card once it is picked.
 */
const { h, ops } = setUpWeappHarness(undefined, { timeoutMs: 60_000 })

const NOTICE = {
  id: 'ntc-1',
  title: '带有恶意内容的测试通知',
  category: 'guide',
  categoryLabel: '经办指南',
  stationName: '曹城街道驿站（示例）',
  publishedLabel: '12月1日 周二 09:00',
  blocks: parseNoticeBody(HOSTILE_BODY).blocks,
  attachments: [
    { id: 'media-1', name: '保障农民工工资支付条例.pdf', kind: 'document', url: 'https://files.example/media-1' },
    // A picture under the name the publisher gave it (图片 1 by default): no file ending to go by.
    { id: 'media-2', name: '工地维权公示牌', kind: 'photo', url: 'https://files.example/media-2' },
  ],
}

it('renders a hostile body as inert words, with only the allowed links as links', async () => {
  h.reply = (c: CloudCall) => (c.data.op === 'notice.get' ? { ok: true, data: NOTICE } : { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } })
  const page = h.render('pages/notice/index', { id: 'ntc-1' })
  await h.waitFor(() => text(page).includes('带有恶意内容的测试通知'), 15_000)
  expect(ops()).toEqual(['notice.get'])
  expect(h.calls[0]).toMatchObject({ name: 'worker', data: { input: { id: 'ntc-1' } } })
  const body = text(page.querySelector('.notice-body')!)
  expect(body).toContain('<script>window.__pwned = 1</script>')
  expect(body).toContain('<img src="x" onerror="window.__pwned = 2">')
  expect(body).toContain('[点我领补贴](javascript:window.__pwned=3)')
  expect((globalThis as { __pwned?: number }).__pwned).toBeUndefined()
  // One page link (a navigator to an allowed page), one web address (copied on tap), nothing else.
  // Nothing the body said became an element of its own (the simulator names built-ins wx-*).
  expect(page.dom.querySelectorAll('script, img, iframe, a, wx-image, wx-rich-text, wx-web-view').length).toBe(0)
  const navigators = page.dom.querySelectorAll('wx-navigator')
  expect(Array.from(navigators, (n) => n.textContent)).toEqual(['热线'])
  expect(page.querySelectorAll('.notice-link--web').map((l) => text(l))).toEqual(['协议'])
  expect(text(page.querySelector('.notice-h1')!)).toBe('标题')
  // Its attachments, by name: the PDF opens in the phone's document viewer, the picture in its image viewer.
  expect(text(page.querySelector('.notice-file-document')!)).toContain('保障农民工工资支付条例.pdf')
  expect(text(page.querySelector('.notice-file-photo')!)).toContain('工地维权公示牌')
  tap(page, '.notice-file-document')
  await h.waitFor(() => h.files.some((f) => f.kind === 'openDocument'))
  expect(h.files).toEqual([
    { kind: 'download', detail: { url: 'https://files.example/media-1' } },
    { kind: 'openDocument', detail: { filePath: 'wxfile://tmp/1', fileType: 'pdf', showMenu: true } },
  ])
  tap(page, '.notice-file-photo')
  await h.waitFor(() => h.files.some((f) => f.kind === 'previewImage'))
  expect(h.files.at(-1)).toEqual({ kind: 'previewImage', detail: { urls: ['https://files.example/media-2'], current: 'https://files.example/media-2' } })
  expect(h.toasts).not.toContain('没有打开，请稍后再试')
})

it('lists the station’s notices with this reader’s unread marks, and opens one', async () => {
  h.storage.set('hx.lastStation', { code: 'HZ-CX-0002', id: 'st-CX-0002', name: '曹城街道驿站（示例）', kind: 'township' })
  h.reply = (c: CloudCall) =>
    c.data.op === 'notice.list'
      ? {
          ok: true,
          data: {
            station: { id: 'st-CX-0002', code: 'HZ-CX-0002', name: '曹城街道驿站（示例）', kind: 'township', kindLabel: '乡镇(街道)驿站', demo: true, status: 'active' },
            items: [
              { id: 'ntc-new', title: '曹城街道法律咨询日', category: 'campaign', categoryLabel: '宣传月活动', stationName: '曹城街道驿站（示例）', publishedAt: 2, publishedLabel: '12月1日 周二 09:00', excerpt: '每周三上午', unread: true },
              { id: 'ntc-old', title: '怎样申请劳动仲裁', category: 'guide', categoryLabel: '经办指南', stationName: '菏泽市劳动关系服务驿站', publishedAt: 1, publishedLabel: '11月30日 周一 09:00', excerpt: '仲裁不收费', unread: false },
            ],
          },
        }
      : { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  const page = h.render('pages/notices/index')
  await h.waitFor(() => text(page).includes('曹城街道法律咨询日'), 15_000)
  expect(h.calls[0]!.data.input).toMatchObject({ stationId: 'st-CX-0002' })
  expect(text(page.querySelector('.notice-row-ntc-new')!)).toContain('未读')
  expect(text(page.querySelector('.notice-row-ntc-old')!)).not.toContain('未读')
  expect(text(page)).toContain('曹城街道驿站（示例）和上级驿站发布的政策')

  tap(page, '.notice-row-ntc-old')
  await h.waitFor(() => h.navigations.length > 0)
  expect(h.navigations.at(-1)).toEqual({ kind: 'navigateTo', url: '/pages/notice/index?id=ntc-old' })
  // By category: the list is asked again for that category only.
  tap(page, '.notices-cat-guide')
  await h.waitFor(() => h.calls.some((c) => (c.data.input as { category?: string }).category === 'guide'), 15_000)
  expect(h.calls.at(-1)!.data.input).toMatchObject({ stationId: 'st-CX-0002', category: 'guide' })
})

it('shows the picked category’s 「你的权利」 card on the case form, from the categories as kept', async () => {
  h.background['category.list'] = () => ({
    ok: true,
    data: {
      items: [
        { category: 'contract', name: '劳动合同', hint: '没签合同', enabled: true, rights: { text: '入职满一个月不签书面合同，可以要求二倍工资。', noticeId: 'ntc-double-wage' } },
        { category: 'social_insurance', name: '社会保险', hint: '不交社保', enabled: false, rights: null },
        { category: 'other', name: '其他', hint: '以上都不是', enabled: true, rights: null },
      ],
    },
  })
  const page = h.render('pages/case-new/index', { stationId: 'st-CX-0002', code: 'HZ-CX-0002', kind: 'township', channel: 'qr' })
  await h.waitFor(() => !!page.querySelector('.category-contract') && !page.querySelector('.category-pay'), 15_000)
  // A disabled category is not offered.
  expect(page.querySelector('.category-social_insurance')).toBeUndefined()
  expect(page.querySelector('.rights-card')).toBeUndefined()
  tap(page, '.category-contract')
  await h.waitFor(() => !!page.querySelector('.rights-card-contract'), 15_000)
  expect(text(page.querySelector('.rights-card-contract')!)).toContain('入职满一个月不签书面合同，可以要求二倍工资。')
  tap(page, '.rights-card__link')
  await h.waitFor(() => h.navigations.length > 0)
  expect(h.navigations.at(-1)).toEqual({ kind: 'navigateTo', url: '/pages/notice/index?id=ntc-double-wage' })
  tap(page, '.category-other')
  await h.waitFor(() => !page.querySelector('.rights-card'), 15_000)
  expect(h.backgroundCalls.map((c) => c.data.op)).toContain('category.list')
})
