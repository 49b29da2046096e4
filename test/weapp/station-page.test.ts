/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import { setUpWeappHarness, text } from './support/page'

/**
 * The built station page (dist/weapp/pages/index/index) in miniprogram-simulate, with vant's dist
 * components: it renders, calls station.get through wx.cloud with the decoded QR scene, shows the station,
 * and its entries lead on. The cloud function is a test double returning a Result.
 */
const STATION = {
  id: 'st-CX-0004',
  code: 'HZ-CX-0004',
  name: '示例纺织有限公司驿站（曹县，示例）',
  kind: 'enterprise',
  kindLabel: '企业驿站',
  demo: true,
  status: 'active',
  countyName: '曹县',
  path: ['菏泽市劳动关系服务驿站', '曹县劳动关系服务驿站'],
  address: '曹县经济开发区 示例纺织有限公司',
  phone: '0530-5021004',
  hours: '工作日 08:30-17:30',
  hotlines: [
    { number: '12333', name: '人社服务热线' },
    { number: '12351', name: '职工服务热线' },
  ],
}

const { h } = setUpWeappHarness((h) => {
  h.calls.length = 0
  h.navigations.length = 0
  h.storage.clear()
  h.reply = (c) =>
    c.data.op === 'station.get' && (c.data.input as { code: string }).code === STATION.code
      ? { ok: true, data: STATION }
      : { ok: false, error: { code: 'STATION_NOT_FOUND', message: '没有找到这个驿站，请重新扫码或选择驿站' } }
})

it('renders a QR landing with the station from the cloud call, through vant components', async () => {
  const page = h.render('pages/index/index', { scene: encodeURIComponent('hz-cx-0004') })
  await h.waitFor(() => text(page).includes(STATION.name))

  // One call, to the function the contract names, in the shared envelope; the scene arrives URL-encoded.
  expect(h.calls).toHaveLength(1)
  expect(h.calls[0].name).toBe('worker')
  expect(h.calls[0].data).toEqual({ op: 'station.get', input: { code: 'HZ-CX-0004' }, requestId: expect.stringMatching(/^[A-Za-z0-9_-]{16,32}$/) })

  const t = text(page)
  expect(t).toContain('你正在')
  expect(t).toContain('反映诉求')
  expect(t).toContain('联系驿站')
  expect(t).toContain('菏泽市劳动关系服务驿站 · 曹县劳动关系服务驿站')
  for (const n of ['12333', '12351']) expect(t).toContain(n)

  // The kind label is a van-tag component, rendered from node_modules/@vant/weapp/dist; the name already says
  // 示例, so no 示例 tag repeats it (it is said once).
  const tags = Array.from(page.dom.querySelectorAll('van-tag'))
  expect(tags.map((x) => x.textContent)).toEqual(['企业驿站'])
  expect(tags[0].querySelector('[class*="van-tag--success"]')).not.toBeNull()

  // The station is remembered for the next visit without a QR.
  expect(h.storage.get('hx.lastStation')).toEqual({ code: STATION.code, id: STATION.id, name: STATION.name, kind: STATION.kind })

  // 反映诉求 opens the form for this station, marked as a QR visit.
  page.querySelector('.entry-case')!.dispatchEvent('tap')
  await h.waitFor(() => h.navigations.length > 0)
  expect(h.navigations[0]).toEqual({ kind: 'navigateTo', url: '/pages/case-new/index?stationId=st-CX-0004&code=HZ-CX-0004&kind=enterprise&channel=qr' })

  // 联系驿站 opens the address and phone.
  page.querySelector('.entry-contact')!.dispatchEvent('tap')
  await h.waitFor(() => text(page).includes(STATION.phone))
  expect(text(page)).toContain(STATION.address)
})

it('welcomes a visitor without a QR or a remembered station with a 选择驿站 van-button', async () => {
  const page = h.render('pages/index/index')
  await h.waitFor(() => text(page).includes('选择驿站'))
  expect(h.calls).toHaveLength(0)
  const button = page.dom.querySelector('van-button')
  expect(button?.textContent).toContain('选择驿站')
  expect(button?.querySelector('[class*="van-button--primary"]')).not.toBeNull()
  // Tap vant's own inner button: van-button emits click, which Taro's template binds to the page.
  const vanButton = page.querySelector('.choose-station')!
  vanButton.querySelector('.van-button')!.dispatchEvent('tap')
  await h.waitFor(() => h.navigations.length > 0)
  expect(h.navigations[0]).toEqual({ kind: 'navigateTo', url: '/pages/choose/index' })
})

it('shows the server message and a way out for an unknown station code', async () => {
  const page = h.render('pages/index/index', { scene: 'HZ-CX-9999' })
  await h.waitFor(() => text(page).includes('没有找到这个驿站'))
  expect(text(page)).toContain('选择其他驿站')
  expect(text(page)).not.toContain('你正在')
  expect(h.storage.has('hx.lastStation')).toBe(false)
})
