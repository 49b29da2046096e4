import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isLoopback, startLocalHost, type LocalHost } from '../../cloudfunctions/local/server'
import { caseInput, makeHarness, newRequestId, type Harness } from '../support/harness'

let h: Harness
let host: LocalHost
beforeAll(async () => {
  h = await makeHarness()
  const h5Dir = mkdtempSync(join(tmpdir(), 'hx-h5-'))
  writeFileSync(join(h5Dir, 'index.html'), '<!doctype html><title>菏谐驿站</title>')
  writeFileSync(join(h5Dir, 'app.js'), 'console.log(1)')
  host = await startLocalHost({
    ports: h.ports,
    h5Dir,
    port: 0,
    host: '127.0.0.1',
    sweepEveryMs: 0,
    log: () => undefined,
    devMessages: () => [{ kind: 'case.accepted', to: 'dev-worker-zhang', caseId: 'c1', data: { caseNo: 'CX2611250001', summary: '曹城街道驿站已受理' }, at: 0 }],
  })
})
afterAll(async () => {
  await host.close()
  await h.close()
})

const post = (path: string, body: unknown, cookie?: string) =>
  fetch(host.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

const signIn = async (openid: string, next = '') => {
  const res = await fetch(`${host.url}/__dev/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ openid, next }).toString(),
    redirect: 'manual',
  })
  return res
}

describe('local host', () => {
  it('lists the demo personas on the sign-in page', async () => {
    const res = await fetch(`${host.url}/__dev/signin`)
    const html = await res.text()
    expect(res.status).toBe(200)
    for (const name of ['张师傅', '赵科长', '曹城街道王所长', '示例纺织吴经理']) expect(html).toContain(name)
  })

  it('signs in by cookie and sends the persona back where it came from', async () => {
    const res = await signIn('dev-worker-zhang', '/pages/index/index?scene=HZ-CX-0004')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/pages/index/index?scene=HZ-CX-0004')
    expect(res.headers.get('set-cookie')).toMatch(/^hx_dev=dev-worker-zhang; Path=\/; HttpOnly/)
    const elsewhere = await signIn('dev-worker-zhang', '//evil.example/')
    expect(elsewhere.headers.get('location')).toBe('/pages/index/index?scene=HZ-CX-0004')
    const unknown = await signIn('someone-else')
    expect(unknown.headers.get('set-cookie')).toBeNull()
  })

  it('runs the handlers with the caller from the cookie, never from the body', async () => {
    const cookie = 'hx_dev=dev-worker-zhang'
    const ok = await (await post('/api/worker', { op: 'case.submit', input: caseInput(), requestId: newRequestId() }, cookie)).json()
    expect(ok.ok).toBe(true)
    const anon = await (await post('/api/worker', { op: 'case.mine', input: {}, requestId: newRequestId() })).json()
    expect(anon).toEqual({ ok: false, error: { code: 'AUTH_REQUIRED', message: '请先登录微信后再试' } })
    const forged = await (await post('/api/worker', { op: 'case.mine', input: {}, requestId: newRequestId(), openid: 'dev-worker-zhang' })).json()
    expect(forged.error.code).toBe('REQUEST_INVALID')
  })

  it('refuses the sweep, oversized bodies and broken JSON', async () => {
    const sweep = await post('/api/sweep', { op: 'sweep.run', input: {}, requestId: newRequestId() })
    expect(sweep.status).toBe(404)
    expect((await sweep.json()).error.code).toBe('REQUEST_UNKNOWN_OP')
    const big = await post('/api/worker', 'x'.repeat(300 * 1024), 'hx_dev=dev-worker-zhang').catch(() => null)
    if (big) expect(big.status).toBe(413)
    const broken = await post('/api/worker', '{', 'hx_dev=dev-worker-zhang')
    expect((await broken.json()).error.code).toBe('REQUEST_INVALID')
  })

  it('serves the H5 app to a signed-in visitor and sends others to sign in first', async () => {
    const out = await fetch(`${host.url}/pages/index/index?scene=HZ-CX-0004`, { redirect: 'manual' })
    expect(out.status).toBe(302)
    expect(out.headers.get('location')).toBe('/__dev/signin?next=%2Fpages%2Findex%2Findex%3Fscene%3DHZ-CX-0004')
    const page = await fetch(`${host.url}/pages/index/index?scene=HZ-CX-0004`, { headers: { cookie: 'hx_dev=dev-worker-zhang' } })
    expect(await page.text()).toContain('菏谐驿站')
    expect((await fetch(`${host.url}/app.js`)).status).toBe(200)
    expect((await fetch(`${host.url}/..%2Fpackage.json`)).status).toBe(404)
    expect((await fetch(`${host.url}/missing.js`)).status).toBe(404)
  })

  it('shows the messages WeChat would have sent in the local message box', async () => {
    const html = await (await fetch(`${host.url}/__dev/messages`)).text()
    expect(html).toContain('已受理')
    expect(html).toContain('张师傅')
    expect(html).toContain('CX2611250001')
  })

  it('treats only loopback addresses as local', () => {
    expect(isLoopback('127.0.0.1')).toBe(true)
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true)
    expect(isLoopback('192.168.1.5')).toBe(false)
    expect(isLoopback(undefined)).toBe(false)
  })
})
