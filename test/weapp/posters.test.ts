/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import type { PosterView } from '../../types/contracts/posters'
import { one, setUpWeappHarness, tapVanButton, text } from './support/page'
import type { CloudCall } from './support/weapp-harness'

/**
 * 驿站海报 in the weapp build: the preview draws the server's layout (its lines, the code image at the code's
 * place), 下载海报 PDF downloads the PDF and opens it with the system viewer, 单独保存驿站码图片 previews the
 * code image (where it can be saved), and an out-of-date poster lists what changed and is made again.
 */
const { h, ops } = setUpWeappHarness()

const view = (over: Partial<PosterView> = {}): PosterView => ({
  station: { id: 'st-CX-0002', code: 'HZ-CX-0002', name: '曹城街道驿站（示例）', kind: 'township', kindLabel: '乡镇(街道)驿站', demo: true, status: 'active', countyName: '曹县' },
  poster: {
    fileName: '曹城街道驿站（示例）海报.pdf',
    url: 'https://files.example/poster.pdf?sign=1',
    codeUrl: 'https://files.example/HZ-CX-0002.png?sign=1',
    madeAt: 0,
    madeLabel: '12月1日 周二 10:00',
    layout: {
      width: 595.28,
      height: 841.89,
      items: [
        { type: 'rect', x: 0, y: 0, w: 595.28, h: 92, fill: '#078a45', radius: 0 },
        { type: 'text', x: 40, y: 130, w: 515, size: 40, lineHeight: 1.25, weight: 'bold', color: '#1f2329', align: 'center', lines: ['曹城街道驿站（示例）'] },
        { type: 'code', x: 170, y: 200, size: 254 },
        { type: 'text', x: 40, y: 500, w: 515, size: 22, lineHeight: 1.3, weight: 'bold', color: '#078a45', align: 'center', lines: ['扫码反映诉求 · 参加满意度测评 · 看政策'] },
      ],
    },
  },
  changes: [],
  batch: null,
  ...over,
})

it('draws the poster from its layout, downloads the PDF to open it, and shows the code image to save', async () => {
  h.reply = (c: CloudCall) => (c.data.op === 'poster.get' ? { ok: true, data: view() } : { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } })
  const page = h.render('admin/posters/index', { stationId: 'st-CX-0002' })
  await h.waitFor(() => text(page).includes('下载海报 PDF'))
  expect(ops()).toEqual(['poster.get'])
  expect(h.calls[0]).toMatchObject({ name: 'admin', data: { input: { stationId: 'st-CX-0002' } } })
  const preview = one(page, '.poster-preview')
  expect(text(preview)).toContain('曹城街道驿站（示例）')
  expect(text(preview)).toContain('扫码反映诉求 · 参加满意度测评 · 看政策')
  // The code at its place on the page, drawn at twice the size and scaled as a whole (the simulator shows no
  // image source; the browser test sees the image load).
  const code = one(page, '.poster-preview__code').dom.getAttribute('style') ?? ''
  expect(code).toContain('left: 340.00px; top: 400.00px; width: 508.00px; height: 508.00px')
  // No county batch for a head.
  expect(page.querySelector('.posters-batch')).toBeUndefined()

  tapVanButton(page, '.posters-download')
  await h.waitFor(() => h.files.length === 2)
  expect(h.files).toEqual([
    { kind: 'download', detail: { url: 'https://files.example/poster.pdf?sign=1' } },
    { kind: 'openDocument', detail: { filePath: 'wxfile://tmp/1', fileType: 'pdf', showMenu: true } },
  ])
  tapVanButton(page, '.posters-code')
  await h.waitFor(() => h.files.length === 3)
  expect(h.files[2]).toEqual({ kind: 'previewImage', detail: { urls: ['https://files.example/HZ-CX-0002.png?sign=1'], current: 'https://files.example/HZ-CX-0002.png?sign=1' } })
})

it('lists what changed, withholds the old PDF, and makes the poster again', async () => {
  const stale = view({ changes: ['驿站名称：曹城街道驿站（示例） → 曹城街道职工服务驿站'] })
  const remade = view({ station: { ...stale.station, name: '曹城街道职工服务驿站' } })
  h.reply = (c: CloudCall) =>
    c.data.op === 'poster.get' ? { ok: true, data: stale } : c.data.op === 'poster.remake' ? { ok: true, data: remade } : { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  const page = h.render('admin/posters/index', { stationId: 'st-CX-0002' })
  await h.waitFor(() => text(page).includes('驿站信息改过了，海报上还是旧的'))
  expect(text(page)).toContain('驿站名称：曹城街道驿站（示例） → 曹城街道职工服务驿站')
  expect(text(page)).toContain('请先重新生成海报')
  tapVanButton(page, '.posters-remake')
  await h.waitFor(() => ops().includes('poster.remake'))
  expect(h.modals[0]?.title).toBe('重新生成海报？')
  await h.waitFor(() => text(page).includes('下载海报 PDF'))
  expect(page.querySelector('.posters-stale')).toBeUndefined()
  expect(h.toasts).toContain('已重新生成')
})
