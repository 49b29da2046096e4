import { getJob } from '../../types/contracts/jobs'
import { getMe } from '../../types/contracts/me'
import { createStation, getStationDetail, setStationStatus, updateStation } from '../../types/contracts/network'
import { batchPosters, getPoster, remakePoster } from '../../types/contracts/posters'
import { HOTLINES } from '../../types/hotlines'
import { COLLECTIONS } from '../../cloudfunctions/core/ports/collections'
import type { QrCodes } from '../../cloudfunctions/core/ports'
import { h5QrCodes, stationUrl } from '../../cloudfunctions/core/adapters/qr/h5'
import { DEFAULT_LOCAL_ORIGIN } from '../../cloudfunctions/local/ports'
import type { memoryFiles } from '../../cloudfunctions/core/adapters/files/local'
import { expectError, expectOk, makeHarness, WORKER, type Harness } from '../support/harness'
import { keepPicture, readQrCode, renderPdf } from '../support/pdf'
import { openPosterPdf, type PosterPdf } from '../../cloudfunctions/core/app/poster-pdf'
import { A4 } from '../../cloudfunctions/core/app/poster-layout'

/** A line's width as the poster's font sets it (the layout with only this line in it). */
const measureOf = (pdf: PosterPdf, line: string, weight: 'regular' | 'bold', size: number) => pdf.measure(line, weight, size)

/**
 * Station codes and A4 posters (政策宣传站 · 信息收集站) through the admin function: every code scans as its
 * own station; a poster is a real PDF that draws with its embedded Chinese font, says what it must and scans
 * from the printed page; a renamed station's poster says it is out of date until made again; a county's
 * batch has a page per active station and its progress reaches 100 %; only heads and admins above may
 * have a poster. Pictures of the rendered posters go to HX_SHOTS when it is set.
 */
jest.setTimeout(60_000)

const ADMIN = 'dev-CX-county-head' // 曹县 admin (head of the county station)
const HEAD = 'dev-CX-street-head' // head of 曹城街道驿站（示例） st-CX-0002
const MEMBER = 'dev-CX-street-rep' // member of st-CX-0002
const OTHER_ADMIN = 'dev-SX-county-head' // 单县 admin
const CITY = 'dev-city-admin'

const STREET = 'st-CX-0002'
const CX_STATIONS = ['st-CX-0001', 'st-CX-0002', 'st-CX-0003', 'st-CX-0004', 'st-CX-0005']

/** Counts the codes a QrCodes port makes (WeChat rate-limits them). */
const counting = (inner: QrCodes) => {
  const made: string[] = []
  return {
    made,
    port: { target: inner.target, make: async (scene: string) => (made.push(scene), inner.make(scene)) } satisfies QrCodes,
  }
}

let h: Harness
let codes: ReturnType<typeof counting>
beforeEach(async () => {
  h = await makeHarness({
    qrCodes: (site) => {
      codes = counting(h5QrCodes(() => site.origin ?? DEFAULT_LOCAL_ORIGIN))
      return codes.port
    },
  })
})
afterEach(() => h.close())

/** The bytes a handed-out local URL serves. */
const fileAt = async (url: string) => {
  const u = new URL(url, 'http://local')
  const file = await (h.ports.files as ReturnType<typeof memoryFiles>).open(u.pathname.slice('/__files/'.length), u.searchParams, h.clock.now)
  if (!file) throw new Error(`no file at ${url}`)
  return file
}

describe('station codes', () => {
  it('every station of a county has a code that a QR reader reads as its own station page', async () => {
    for (const stationId of CX_STATIONS) {
      const view = expectOk(await h.op(getPoster, ADMIN, { stationId }))
      const code = await fileAt(view.poster.codeUrl)
      expect(code.mime).toBe('image/png')
      expect(await readQrCode(code.bytes)).toBe(stationUrl(DEFAULT_LOCAL_ORIGIN, view.station.code))
      expect(stationUrl(DEFAULT_LOCAL_ORIGIN, view.station.code)).toBe(`http://127.0.0.1:8080/pages/index/index?scene=${view.station.code}`)
    }
    expect(codes.made).toEqual(['HZ-CX-0001', 'HZ-CX-0002', 'HZ-CX-0003', 'HZ-CX-0004', 'HZ-CX-0005'])
  })
})

describe('a station poster', () => {
  it('is an A4 PDF that draws in its own font, says what a worker needs, and scans from the page', async () => {
    const view = expectOk(await h.op(getPoster, ADMIN, { stationId: STREET }))
    expect(view.station).toMatchObject({ id: STREET, name: '曹城街道驿站（示例）', countyName: '曹县' })
    expect(view.changes).toEqual([])
    expect(view.poster.fileName).toBe('曹城街道驿站（示例）海报.pdf')
    const pdf = await fileAt(view.poster.url)
    expect(pdf.mime).toBe('application/pdf')
    expect(Buffer.from(pdf.bytes.slice(0, 5)).toString()).toBe('%PDF-')
    // The font goes in as a subset: tens of kilobytes, not the 20 MB of the two weights.
    expect(pdf.bytes.byteLength).toBeLessThan(150_000)

    const { pages, rendered } = await renderPdf(pdf.bytes, { png: true })
    expect(pages).toBe(1)
    const [page] = rendered
    keepPicture('poster-曹城街道', page!.png)
    // A4 at twice 72 dpi.
    expect(page!.width).toBe(1191)
    expect(page!.height).toBe(1684)
    expect(page!.qr).toBe(stationUrl(DEFAULT_LOCAL_ORIGIN, 'HZ-CX-0002'))
    const text = page!.text
    for (const words of [
      '曹城街道驿站（示例）',
      '乡镇(街道)驿站 · 菏泽市 · 曹县',
      '扫码反映诉求 · 参加满意度测评 · 看政策',
      '可以对单位保密，也可以匿名反映',
      '政策宣传站 · 信息收集站',
      '本驿站电话 0530-5',
      '开放时间 工作日 08:30-12:00，13:30-17:30',
      '曹县劳动关系服务驿站',
      '驿站编号 HZ-CX-0002',
      ...HOTLINES.flatMap((x) => [x.number, x.name, x.line]),
    ])
      expect(text.replace(/\s+/g, '')).toContain(words.replace(/\s+/g, ''))
    // The layout the page previews is the one drawn.
    expect(view.poster.layout.items.filter((i) => i.type === 'code')).toHaveLength(1)
    const drawn = view.poster.layout.items.flatMap((i) => (i.type === 'text' ? i.lines : [])).join('')
    expect(drawn.replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''))
  })
})

describe('the layout', () => {
  it('fits the longest name and address the station form allows on the page, with nothing overlapping', async () => {
    const pdf = await openPosterPdf(h.ports.fonts, 'long')
    const content = {
      name: '菏泽市曹县青堌集镇人民政府便民服务中心职工之家劳动关系服务驿站青堌集镇分站第一号', // 40 characters
      kindLabel: '企业驿站',
      place: '菏泽市 · 曹县',
      code: 'HZ-CX-0142',
      phone: '0530-12345678',
      hours: '工作日 08:30-12:00，13:30-17:30；周六上午 09:00-11:30（节假日另行通知）',
      address: '菏泽市曹县青堌集镇人民政府便民服务中心一楼东侧职工之家，进大门右转第二个门，门口有驿站标牌，找不到可以打电话问值班的工作人员谢谢',
      county: { name: '曹县劳动关系服务驿站', phone: '12333' },
      hotlines: HOTLINES,
    }
    expect([...content.name]).toHaveLength(40)
    const layout = pdf.layout(content)
    const texts = layout.items.filter((i): i is Extract<typeof i, { type: 'text' }> => i.type === 'text')
    const name = texts.find((t) => t.weight === 'bold' && t.lines.join('') === content.name)
    expect(name?.lines.length).toBe(2)
    const code = layout.items.find((i) => i.type === 'code')!
    expect(code.type === 'code' && code.size).toBeGreaterThanOrEqual(232)
    for (const t of texts) {
      const bottom = t.y + t.lines.length * t.size * t.lineHeight
      expect(t.x).toBeGreaterThanOrEqual(0)
      expect(bottom).toBeLessThanOrEqual(A4.height - 20)
      for (const line of t.lines) expect(measureOf(pdf, line, t.weight, t.size)).toBeLessThanOrEqual(t.w + t.size) // a hanging comma at most
    }
    // Text boxes never overlap one another (the band's two lines share its top: they sit at either end).
    const boxes = texts.map((t) => ({ t, top: t.y, bottom: t.y + t.lines.length * t.size * t.lineHeight }))
    for (const a of boxes)
      for (const b of boxes) {
        if (a === b || a.t.x + a.t.w <= b.t.x || b.t.x + b.t.w <= a.t.x || a.t.align === 'right' || b.t.align === 'right') continue
        expect(a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5).toBe(true)
      }
    pdf.addPage(layout, (await h.ports.qrCodes.make('HZ-CX-0142')).bytes)
    const { rendered } = await renderPdf(await pdf.finish(), { png: true })
    keepPicture('poster-longest', rendered[0]!.png)
    expect(rendered[0]!.qr).toBe(stationUrl(DEFAULT_LOCAL_ORIGIN, 'HZ-CX-0142'))
    expect(rendered[0]!.text.replace(/\s+/g, '')).toContain(content.name)
  })
})

describe('the code is made once', () => {
  it('is kept and read from storage by later posters, remakes and batches', async () => {
    expectOk(await h.op(getPoster, ADMIN, { stationId: STREET }))
    expectOk(await h.op(getPoster, HEAD, { stationId: STREET }))
    expectOk(await h.op(remakePoster, ADMIN, { stationId: STREET }))
    expectOk(await h.op(batchPosters, ADMIN, { countyId: 'st-CX-0001', jobId: 'job-codes-once-01' }))
    // The street's code once; the batch made the other four stations' codes, once each.
    expect(codes.made.filter((s) => s === 'HZ-CX-0002')).toHaveLength(1)
    expect([...codes.made].sort()).toEqual(['HZ-CX-0001', 'HZ-CX-0002', 'HZ-CX-0003', 'HZ-CX-0004', 'HZ-CX-0005'])
    expect(await h.store.count(COLLECTIONS.stationCodes)).toBe(5)
  })

  it('is made again only when where it leads changes (another address), and the poster says so', async () => {
    const before = expectOk(await h.op(getPoster, ADMIN, { stationId: STREET }))
    h.ports.site.origin = 'http://192.168.1.20:8080'
    const moved = expectOk(await h.op(getPoster, ADMIN, { stationId: STREET }))
    expect(moved.changes).toEqual(['驿站的小程序码更新了'])
    expect(codes.made).toEqual(['HZ-CX-0002'])
    const remade = expectOk(await h.op(remakePoster, ADMIN, { stationId: STREET }))
    expect(remade.changes).toEqual([])
    expect(codes.made).toEqual(['HZ-CX-0002', 'HZ-CX-0002'])
    expect(await readQrCode((await fileAt(remade.poster.codeUrl)).bytes)).toBe('http://192.168.1.20:8080/pages/index/index?scene=HZ-CX-0002')
    // The old code's file is gone from storage.
    expect((h.ports.files as ReturnType<typeof memoryFiles>).stored()).not.toContain(new URL(before.poster.codeUrl, 'http://x').pathname.slice('/__files/'.length))
  })

  it('fails with a clear word when WeChat will not make it now, and keeps nothing', async () => {
    const h2 = await makeHarness({
      qrCodes: () => ({
        target: () => 'wxacode release pages/index/index',
        make: async () => {
          throw new Error('45009 reach max api daily quota limit')
        },
      }),
    })
    try {
      const refused = expectError(await h2.op(getPoster, ADMIN, { stationId: STREET }), 'POSTER_CODE_FAILED')
      expect(refused.message).toContain('小程序码暂时没能生成')
      expect(await h2.store.count(COLLECTIONS.stationCodes)).toBe(0)
      expect(await h2.store.count(COLLECTIONS.posters)).toBe(0)
      const job = expectOk(await h2.op(batchPosters, ADMIN, { countyId: 'st-CX-0001', jobId: 'job-codes-fail-01' }))
      expect(job).toMatchObject({ state: 'failed', error: '驿站的小程序码暂时没能生成，请过几分钟再试' })
      expect((h2.ports.files as ReturnType<typeof memoryFiles>).stored()).toEqual([])
    } finally {
      await h2.close()
    }
  })
})

describe('a station renamed', () => {
  it('keeps its poster, which lists what changed until it is made again with the new name', async () => {
    const first = expectOk(await h.op(getPoster, HEAD, { stationId: STREET }))
    const detail = expectOk(await h.op(getStationDetail, ADMIN, { id: STREET }))
    expectOk(
      await h.op(updateStation, ADMIN, { id: STREET, version: detail.version, name: '曹城街道职工服务驿站', address: detail.address, phone: '0530-5550001', hours: detail.hours }),
    )
    const stale = expectOk(await h.op(getPoster, HEAD, { stationId: STREET }))
    expect(stale.changes).toEqual(['驿站名称：曹城街道驿站（示例） → 曹城街道职工服务驿站', '联系电话：0530-5021002 → 0530-5550001'])
    // Still the poster that was made: the same file, the old name.
    expect(stale.poster.madeAt).toBe(first.poster.madeAt)
    expect((await renderPdf((await fileAt(stale.poster.url)).bytes, { render: false })).rendered[0]!.text).toContain('曹城街道驿站（示例）')

    h.clock.now += 60_000
    const remade = expectOk(await h.op(remakePoster, HEAD, { stationId: STREET }))
    expect(remade.changes).toEqual([])
    expect(remade.poster.fileName).toBe('曹城街道职工服务驿站海报.pdf')
    expect(remade.poster.madeAt).toBe(h.clock.now)
    const { rendered } = await renderPdf((await fileAt(remade.poster.url)).bytes, { png: true })
    keepPicture('poster-renamed', rendered[0]!.png)
    expect(rendered[0]!.text).toContain('曹城街道职工服务驿站')
    expect(rendered[0]!.text).toContain('0530-5550001')
    expect(rendered[0]!.text).not.toContain('示例）')
    expect(rendered[0]!.qr).toBe(stationUrl(DEFAULT_LOCAL_ORIGIN, 'HZ-CX-0002'))
    // One poster file kept for the station: the old PDF is gone.
    const stored = (h.ports.files as ReturnType<typeof memoryFiles>).stored()
    expect(stored).not.toContain(new URL(first.poster.url, 'http://x').pathname.slice('/__files/'.length))
    expect(await h.store.count(COLLECTIONS.posters)).toBe(1)
  })
})

describe('a county batch', () => {
  it('has one page per active station, each scanning as its own, and its progress reaches 100 %', async () => {
    // A new township station, and one suspended (its code would lead to 暂停服务): 5 active of 6.
    const created = expectOk(
      await h.op(createStation, ADMIN, { parentId: 'st-CX-0001', kind: 'township', name: '青堌集镇驿站', address: '青堌集镇政府便民服务中心一楼', phone: '0530-1234567' }),
    )
    const firm = expectOk(await h.op(getStationDetail, ADMIN, { id: 'st-CX-0005' }))
    expectOk(await h.op(setStationStatus, ADMIN, { id: firm.id, version: firm.version, status: 'suspended', reason: '企业停产' }))

    const view = expectOk(await h.op(getPoster, ADMIN, { stationId: created.id }))
    expect(view.batch).toEqual({ countyId: 'st-CX-0001', countyName: '曹县', stations: 5 })

    // Each station takes a second here, so the progress a page polls moves as the pages are drawn.
    const seen: number[] = []
    const make = codes.port.make
    codes.port.make = async (scene) => {
      h.clock.now += 1000
      seen.push(expectOk(await h.op(getJob, ADMIN, { jobId: 'job-batch-cx-0001' })).percent)
      return make(scene)
    }
    const job = expectOk(await h.op(batchPosters, ADMIN, { countyId: 'st-CX-0001', jobId: 'job-batch-cx-0001' }))
    expect(job).toMatchObject({ state: 'done', percent: 100, done: 5, total: 5, title: '曹县驿站海报（共 5 张）', fileName: '曹县驿站海报（5 张）.pdf' })
    // Four codes made by the batch (the new station's was kept by its poster), the job polled before each:
    // the new station's page went by in no time, so its 60 % was never written (at most twice a second).
    expect(seen).toEqual([0, 20, 40, 80])
    expect(expectOk(await h.op(getJob, ADMIN, { jobId: 'job-batch-cx-0001' }))).toMatchObject({ state: 'done', percent: 100 })

    const pdf = await fileAt(job.url!)
    const { pages, rendered } = await renderPdf(pdf.bytes, { scale: 1.5 })
    expect(pages).toBe(5)
    const names = ['曹县劳动关系服务驿站', '曹城街道驿站（示例）', '青堌集镇驿站', '曹县经济开发区驿站（示例）', '示例纺织有限公司驿站（曹县，示例）']
    const codesOf = ['HZ-CX-0001', 'HZ-CX-0002', created.code, 'HZ-CX-0003', 'HZ-CX-0004']
    rendered.forEach((p, i) => {
      expect(p.text.replace(/\s+/g, '')).toContain(names[i]!.replace(/\s+/g, ''))
      expect(p.qr).toBe(stationUrl(DEFAULT_LOCAL_ORIGIN, codesOf[i]!))
    })
    // The suspended station is left out; the fonts go in once for the whole county.
    expect(rendered.some((p) => p.text.includes('示例食品'))).toBe(false)
    expect(pdf.bytes.byteLength).toBeLessThan(5 * 60_000)
  })

  it('is a county’s only, by an admin over it', async () => {
    expectError(await h.op(batchPosters, ADMIN, { countyId: STREET, jobId: 'job-batch-street-1' }), 'POSTER_NOT_COUNTY')
    expectError(await h.op(batchPosters, OTHER_ADMIN, { countyId: 'st-CX-0001', jobId: 'job-batch-other-1' }), 'STATION_OUT_OF_SCOPE')
    expectError(await h.op(batchPosters, HEAD, { countyId: 'st-CX-0001', jobId: 'job-batch-head-01' }), 'AUTH_FORBIDDEN')
    expectError(await h.op(batchPosters, WORKER, { countyId: 'st-CX-0001', jobId: 'job-batch-worker1' }), 'AUTH_NOT_OFFICER')
    expectError(await h.call('admin', ADMIN, 'poster.batch', { countyId: 'st-CX-0001', jobId: 'x' }), 'REQUEST_INVALID')
    expectOk(await h.op(batchPosters, CITY, { countyId: 'st-CX-0001', jobId: 'job-batch-city-01' }))
    // Nobody else can follow the city admin's job.
    expectError(await h.op(getJob, ADMIN, { jobId: 'job-batch-city-01' }), 'JOB_NOT_FOUND')
  })
})

describe('who may have a poster', () => {
  it('a station’s head and the admins above it; not its members, other stations or other counties', async () => {
    const own = expectOk(await h.op(getPoster, HEAD, { stationId: STREET }))
    expect(own.batch).toBeNull()
    expect(expectOk(await h.op(getPoster, ADMIN, { stationId: STREET })).batch).toEqual({ countyId: 'st-CX-0001', countyName: '曹县', stations: 5 })
    expect(expectOk(await h.op(getPoster, CITY, { stationId: 'st-HZ-0001' })).batch).toBeNull()
    expect(expectOk(await h.op(getPoster, CITY, { stationId: 'st-CX-0001' })).batch).toMatchObject({ countyId: 'st-CX-0001' })

    const refusedMember = expectError(await h.op(getPoster, MEMBER, { stationId: STREET }), 'AUTH_FORBIDDEN')
    expect(refusedMember.message).toBe('驿站海报只有驿站负责人和管理员可以下载')
    expectError(await h.op(getPoster, HEAD, { stationId: 'st-CX-0003' }), 'AUTH_FORBIDDEN')
    expectError(await h.op(remakePoster, MEMBER, { stationId: STREET }), 'AUTH_FORBIDDEN')
    expectError(await h.op(getPoster, OTHER_ADMIN, { stationId: STREET }), 'AUTH_FORBIDDEN')
    expectError(await h.op(getPoster, WORKER, { stationId: STREET }), 'AUTH_NOT_OFFICER')
    expectError(await h.op(getPoster, ADMIN, { stationId: 'st-CX-9999' }), 'STATION_NOT_FOUND')
    expectError(await h.call('admin', ADMIN, 'poster.get', {}), 'REQUEST_INVALID')
    expectError(await h.call('admin', ADMIN, 'poster.get', { stationId: STREET, openid: HEAD }), 'REQUEST_INVALID')

    // The pages offer 驿站海报 from the same table.
    const offered = (openid: string) => h.op(getMe, openid, {}).then((r) => expectOk(r).officer!.memberships.map((m) => [m.stationId, m.canPrintPoster]))
    expect(await offered(HEAD)).toEqual([[STREET, true]])
    expect(await offered(MEMBER)).toEqual([[STREET, false]])
    // 曹县's admin also works at the park station, whose poster he may have as an admin above it.
    expect(await offered(ADMIN)).toEqual([
      ['st-CX-0001', true],
      ['st-CX-0003', true],
    ])
  })
})
