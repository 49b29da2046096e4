import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getJob } from '../../types/contracts/jobs'
import { AppError } from '../../types/errors'
import { folderFiles, memoryFiles } from '../../cloudfunctions/core/adapters/files/local'
import { runJob } from '../../cloudfunctions/core/app/jobs'
import { startLocalHost, type LocalHost } from '../../cloudfunctions/local/server'
import { expectError, expectOk, makeHarness, type Harness } from '../support/harness'

const HEAD = 'dev-CX-county-head'
const OTHER = 'dev-SX-county-head'
const pdf = (text: string) => ({ bytes: new TextEncoder().encode(`%PDF-1.4 ${text}`), mime: 'application/pdf', name: '曹县驿站海报.pdf' })

let h: Harness
beforeEach(async () => {
  h = await makeHarness()
})
afterEach(() => h.close())

describe('generated work shows its progress and ends in a file (D35)', () => {
  it('writes progress the page can poll while the work runs, then hands out the file', async () => {
    const seen: number[] = []
    const job = await runJob(h.ports, { jobId: 'job-test-0001', openid: HEAD, kind: 'test', title: '曹县驿站海报', total: 4 }, async (progress) => {
      for (let i = 1; i <= 4; i++) {
        h.clock.now += 1000 // each step takes a second, so each is written
        await progress(i)
        const polled = expectOk(await h.op(getJob, HEAD, { jobId: 'job-test-0001' }))
        expect(polled.state).toBe('running')
        seen.push(polled.percent)
      }
      return pdf('poster')
    })
    expect(seen).toEqual([25, 50, 75, 99])
    expect(job).toMatchObject({ state: 'done', percent: 100, done: 4, total: 4, fileName: '曹县驿站海报.pdf' })
    const polled = expectOk(await h.op(getJob, HEAD, { jobId: 'job-test-0001' }))
    expect(polled.url).toMatch(/^\/__files\/generated\/[0-9a-f]{32}\?exp=\d+&sig=/)
  })

  it('writes progress at most twice a second, so a long job costs few writes', async () => {
    let updates = 0
    const update = h.store.update.bind(h.store)
    h.store.update = ((...args: Parameters<typeof update>) => {
      updates++
      return update(...args)
    }) as typeof update
    await runJob(h.ports, { jobId: 'job-test-0002', openid: HEAD, kind: 'test', title: '导出', total: 1000 }, async (progress) => {
      for (let i = 1; i <= 1000; i++) await progress(i) // the clock does not move: one burst
      return pdf('x')
    })
    expect(updates).toBe(1) // only the finish
  })

  it('answers a retried start with the job as it stands, and does not make the file twice', async () => {
    let runs = 0
    const start = { jobId: 'job-test-0003', openid: HEAD, kind: 'test', title: '导出', total: 1 }
    const work = async () => {
      runs++
      return pdf('once')
    }
    const first = await runJob(h.ports, start, work)
    const again = await runJob(h.ports, start, work)
    expect(runs).toBe(1)
    expect(again.state).toBe('done')
    expect(again.fileName).toBe(first.fileName)
  })

  it('records a failure with its Chinese reason, and nothing is kept', async () => {
    const files = h.ports.files as ReturnType<typeof memoryFiles>
    const job = await runJob(h.ports, { jobId: 'job-test-0004', openid: HEAD, kind: 'test', title: '导出', total: 1 }, async () => {
      throw new AppError('STATION_NOT_FOUND')
    })
    expect(job).toMatchObject({ state: 'failed', error: '没有找到这个驿站，请重新扫码或选择驿站' })
    const broken = await runJob(h.ports, { jobId: 'job-test-0005', openid: HEAD, kind: 'test', title: '导出', total: 1 }, async () => {
      throw new Error('disk on fire')
    })
    expect(broken.error).toBe('文件没能生成，请稍后重试')
    expect(files.stored()).toEqual([])
  })

  it('shows a job only to the person who started it', async () => {
    await runJob(h.ports, { jobId: 'job-test-0006', openid: HEAD, kind: 'test', title: '导出', total: 1 }, async () => pdf('mine'))
    expectError(await h.op(getJob, OTHER, { jobId: 'job-test-0006' }), 'JOB_NOT_FOUND')
    expectError(await h.op(getJob, HEAD, { jobId: 'job-test-9999' }), 'JOB_NOT_FOUND')
    expectError(await h.op(getJob, 'dev-worker-zhang', { jobId: 'job-test-0006' }), 'AUTH_NOT_OFFICER')
    expectError(await h.op(getJob, HEAD, { jobId: '../../etc' } as never), 'REQUEST_INVALID')
  })
})

describe('files off the cloud (D34)', () => {
  it('keeps bytes in a folder with their type and name, and removes them', async () => {
    const files = folderFiles(mkdtempSync(join(tmpdir(), 'hx-files-')), 'folder-secret-0123456789')
    const id = await files.put('generated', pdf('folder'))
    expect(id).toMatch(/^generated\/[0-9a-f]{32}$/)
    const got = await files.get(id)
    expect(got?.mime).toBe('application/pdf')
    expect(got?.name).toBe('曹县驿站海报.pdf')
    expect(new TextDecoder().decode(got!.bytes)).toBe('%PDF-1.4 folder')
    await files.remove(id)
    expect(await files.get(id)).toBeNull()
    // An id that is not of the file shape never becomes a path.
    expect(await files.get('../secret')).toBeNull()
    expect(await files.get('generated/../../x')).toBeNull()
  })

  describe('the local host serves a file only through a signed, unexpired URL', () => {
    let host: LocalHost
    let id: string
    beforeEach(async () => {
      host = await startLocalHost({ ports: h.ports, h5Dir: mkdtempSync(join(tmpdir(), 'hx-h5-')), port: 0, host: '127.0.0.1', sweepEveryMs: 0, log: () => undefined })
      id = await h.ports.files.put('generated', pdf('served'))
    })
    afterEach(() => host.close())

    it('serves it with its type and download name', async () => {
      h.clock.now = Date.now()
      const url = await h.ports.files.url(id, 600)
      const res = await fetch(host.url + url)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/pdf')
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('曹县驿站海报.pdf')}`)
      expect(await res.text()).toBe('%PDF-1.4 served')
    })

    it('refuses an altered, unsigned or expired URL with a coded 404', async () => {
      h.clock.now = Date.now()
      const url = await h.ports.files.url(id, 600)
      const other = await h.ports.files.put('generated', pdf('other'))
      const refused = [
        url.replace(id, other), // another file under this signature
        url.replace(/sig=[^&]+/, 'sig=AAAA'),
        url.split('?')[0]!,
        url.replace(/exp=\d+/, `exp=${Math.floor(Date.now() / 1000) + 99999}`),
      ]
      for (const u of refused) {
        const res = await fetch(host.url + u)
        expect(res.status).toBe(404)
        expect(await res.json()).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } })
      }
      h.clock.now = Date.now() - 3600_000 // signed an hour ago for ten minutes
      const stale = await h.ports.files.url(id, 600)
      expect((await fetch(host.url + stale)).status).toBe(404)
    })
  })
})
