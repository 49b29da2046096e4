import { mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isLoopback, sameOriginPath, startLocalHost, type LocalHost } from '../../cloudfunctions/local/server'
import { signInPage } from '../../cloudfunctions/local/signin-page'
import { buildPersonas } from '../../cloudfunctions/core/seed/heze'
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


/** A normal request still works: the host survived whatever came before. */
const expectHealthy = async () => {
  const res = await post('/api/worker', { op: 'station.get', input: { code: 'HZ-CX-0004' }, requestId: newRequestId() }, 'hx_dev=dev-worker-zhang')
  expect(res.status).toBe(200)
  expect((await res.json()).ok).toBe(true)
}

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** node:http with the path exactly as given (fetch would normalise it), the body written chunk by chunk. */
const rawHttp = (options: { method: string; path: string; headers?: Record<string, string> }, chunks: Buffer[] = []): Promise<RawResponse> =>
  new Promise((done, fail) => {
    const { port } = new URL(host.url)
    const req = request({ host: '127.0.0.1', port: Number(port), ...options }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (c: Buffer) => parts.push(c))
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }))
      res.on('error', fail)
    })
    req.on('error', fail)
    const write = (i: number) => {
      if (i >= chunks.length) return req.end()
      if (req.destroyed) return
      if (req.write(chunks[i]!)) setImmediate(() => write(i + 1))
      else req.once('drain', () => write(i + 1))
    }
    write(0)
  })

/** Bytes straight onto a socket; resolves with everything the host answered before closing. */
const rawSocket = (text: string): Promise<string> =>
  new Promise((done, fail) => {
    const { port } = new URL(host.url)
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(text))
    const parts: Buffer[] = []
    socket.on('data', (c: Buffer) => parts.push(c))
    socket.on('end', () => done(Buffer.concat(parts).toString('utf8')))
    socket.on('error', fail)
    socket.setTimeout(5000, () => {
      socket.destroy()
      fail(new Error(`no answer to ${JSON.stringify(text)}`))
    })
  })

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

  it('lists the deliveries that failed for good in the message box, with their reason', async () => {
    h.deliver.next = () => ({ ok: false, final: true, reason: '43101 用户拒绝接受消息' })
    try {
      await h.file()
    } finally {
      h.deliver.next = () => ({ ok: true })
    }
    const html = await (await fetch(`${host.url}/__dev/messages`)).text()
    expect(html).toContain('没有送达的消息')
    expect(html).toContain('原因：43101 用户拒绝接受消息（试了 1 次）')
  })

  it('always answers a normal request after a malformed one', async () => {
    // Every case below ends with this check.
    await expectHealthy()
  })

  it('answers an oversized body with a coded 413 the client actually reads', async () => {
    for (const size of [300 * 1024, 5 * 1024 * 1024]) {
      const big = await post('/api/worker', 'x'.repeat(size), 'hx_dev=dev-worker-zhang')
      expect(big.status).toBe(413)
      expect(big.headers.get('connection')).toBe('close')
      expect(await big.json()).toEqual({ ok: false, error: { code: 'REQUEST_TOO_LARGE', message: '提交的内容太大了，请删减后再试' } })
      await expectHealthy()
    }
    // The sign-in form too, and through node:http streaming the body in chunks.
    const form = await post('/__dev/signin', `openid=dev-worker-zhang&next=${'a'.repeat(300 * 1024)}`)
    expect(form.status).toBe(413)
    expect((await form.json()).error.code).toBe('REQUEST_TOO_LARGE')
    const streamed = await rawHttp({ method: 'POST', path: '/api/worker', headers: { 'content-type': 'application/json' } }, Array(40).fill(Buffer.alloc(64 * 1024, 'y')))
    expect(streamed.status).toBe(413)
    expect(JSON.parse(streamed.body).error.code).toBe('REQUEST_TOO_LARGE')
    await expectHealthy()
  })

  it('answers a body far past the limit before its end, and still reaches the client', async () => {
    const huge = await rawHttp({ method: 'POST', path: '/api/worker', headers: { 'content-type': 'application/json' } }, Array(320).fill(Buffer.alloc(64 * 1024, 'z'))).catch(
      (e: Error) => ({ status: 0, headers: {}, body: e.message }),
    )
    expect(huge.status).toBe(413)
    expect(JSON.parse(huge.body).error.code).toBe('REQUEST_TOO_LARGE')
    await expectHealthy()
  })

  it('treats a malformed dev cookie as not signed in', async () => {
    for (const cookie of ['hx_dev=%', 'hx_dev=%E0%A4%A', 'hx_dev=%ZZ; other=1']) {
      const res = await post('/api/worker', { op: 'case.mine', input: {}, requestId: newRequestId() }, cookie)
      expect(res.status).toBe(200)
      expect((await res.json()).error.code).toBe('AUTH_REQUIRED')
      const page = await fetch(`${host.url}/pages/mine/index`, { headers: { cookie }, redirect: 'manual' })
      expect(page.status).toBe(302)
      const signin = await fetch(`${host.url}/__dev/signin`, { headers: { cookie } })
      expect(signin.status).toBe(200)
      expect(await signin.text()).not.toContain('当前身份')
    }
    await expectHealthy()
  })

  it('answers a malformed percent-escape in a path with a coded 400', async () => {
    for (const path of ['/%', '/%E0%A4%A', '/pages/%zz/index', '/app%.js', '/%00']) {
      const res = await rawHttp({ method: 'GET', path, headers: { cookie: 'hx_dev=dev-worker-zhang' } })
      expect([path, res.status]).toEqual([path, 400])
      expect(res.headers['content-type']).toMatch(/^application\/json/)
      expect(JSON.parse(res.body)).toEqual({ ok: false, error: { code: 'REQUEST_INVALID', message: '提交的内容不完整或格式不对，请检查后再试' } })
      await expectHealthy()
    }
  })

  it('answers a request line or header Node refuses with coded JSON on the raw socket', async () => {
    for (const line of ['GET /a b c HTTP/1.1', 'GET / HTTP/1.1\r\nbad header', 'NOT-HTTP']) {
      const text = await rawSocket(`${line}\r\nHost: x\r\n\r\n`)
      expect(text).toMatch(/^HTTP\/1\.1 400 /)
      const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))
      expect(body.error.code).toBe('REQUEST_INVALID')
      await expectHealthy()
    }
  })

  it('sends the signed-in persona only to a path on this host, decided by the URL parser', async () => {
    const landing = '/pages/index/index?scene=HZ-CX-0004'
    const offsite = [
      '/\\evil.example/x',
      '/\t/evil.example/x',
      '\\\\evil.example',
      '//evil.example',
      '///evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      ' //evil.example',
      '/pages/me/index\r\nSet-Cookie: hx_dev=dev-city-admin',
      '/pages/me/index\nx',
      '/\r\n/evil.example',
    ]
    for (const next of offsite) {
      const res = await signIn('dev-worker-zhang', next)
      expect([next, res.status, res.headers.get('location')]).toEqual([next, 303, landing])
      expect(res.headers.get('set-cookie')).toMatch(/^hx_dev=dev-worker-zhang;/)
      await expectHealthy()
    }
    // A path on this host comes back as the parser spells it (percent-encoded), query and hash kept.
    expect((await signIn('dev-worker-zhang', '/pages/case/index?id=1#top')).headers.get('location')).toBe('/pages/case/index?id=1#top')
    expect((await signIn('dev-worker-zhang', '/pages/index/index?scene=曹县')).headers.get('location')).toBe('/pages/index/index?scene=%E6%9B%B9%E5%8E%BF')
    expect((await signIn('dev-worker-zhang', '/a/../pages/me/index')).headers.get('location')).toBe('/pages/me/index')
    expect(sameOriginPath('/\\evil.example/x')).toBeNull()
    expect(sameOriginPath('/pages/me/index')).toBe('/pages/me/index')
  })

  it('escapes next on the sign-in page and keeps only a path on this host', async () => {
    const evil = '"><script>alert(1)</script>'
    const html = await (await fetch(`${host.url}/__dev/signin?next=${encodeURIComponent(evil)}`)).text()
    expect(html).not.toContain('<script>')
    expect(html).toContain('name="next" value="/%22%3E%3Cscript%3Ealert(1)%3C/script%3E"')
    // The page escapes whatever it is handed, too.
    const page = signInPage(buildPersonas(), null, evil)
    expect(page).not.toContain('<script>')
    expect(page).toContain('name="next" value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"')
    const offsite = await (await fetch(`${host.url}/__dev/signin?next=${encodeURIComponent('//evil.example/x')}`)).text()
    expect(offsite).not.toContain('evil.example')
    expect(offsite).toContain('name="next" value=""')
    const onsite = await (await fetch(`${host.url}/__dev/signin?next=${encodeURIComponent('/pages/me/index?a=1&b="2"')}`)).text()
    expect(onsite).toContain('name="next" value="/pages/me/index?a=1&#38;b=%222%22"')
  })

  it('refuses other methods with coded JSON', async () => {
    const put = await fetch(`${host.url}/__dev/signin`, { method: 'PUT', body: 'openid=dev-worker-zhang' })
    expect(put.status).toBe(405)
    expect((await put.json()).error.code).toBe('REQUEST_INVALID')
    const del = await fetch(`${host.url}/app.js`, { method: 'DELETE' })
    expect(del.status).toBe(405)
    expect((await del.json()).error.code).toBe('REQUEST_INVALID')
    const get = await fetch(`${host.url}/api/worker`)
    expect(get.status).toBe(405)
    expect((await get.json()).error.code).toBe('REQUEST_INVALID')
    await expectHealthy()
  })

  it('survives a client that leaves halfway through its body', async () => {
    await new Promise<void>((done) => {
      const { port } = new URL(host.url)
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('POST /api/worker HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"op":')
        setTimeout(() => {
          socket.destroy()
          done()
        }, 50)
      })
    })
    await expectHealthy()
  })

  it('answers its own failures with coded JSON and keeps serving', async () => {
    const lines: string[] = []
    const broken = await startLocalHost({
      ports: h.ports,
      h5Dir: mkdtempSync(join(tmpdir(), 'hx-h5-')),
      port: 0,
      host: '127.0.0.1',
      sweepEveryMs: 0,
      log: (l) => lines.push(l),
      devMessages: () => {
        throw new Error('message box broke')
      },
    })
    try {
      const res = await fetch(`${broken.url}/__dev/messages`)
      expect(res.status).toBe(500)
      expect(await res.json()).toEqual({ ok: false, error: { code: 'INTERNAL', message: '服务出了点问题，请稍后再试；着急可以拨打 12333' } })
      expect(lines.join('\n')).toContain('message box broke')
      const ok = await fetch(`${broken.url}/api/worker`, {
        method: 'POST',
        headers: { cookie: 'hx_dev=dev-worker-zhang' },
        body: JSON.stringify({ op: 'station.get', input: { code: 'HZ-CX-0004' }, requestId: newRequestId() }),
      })
      expect((await ok.json()).ok).toBe(true)
    } finally {
      await broken.close()
    }
  })

  it('treats only loopback addresses as local', () => {
    expect(isLoopback('127.0.0.1')).toBe(true)
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true)
    expect(isLoopback('192.168.1.5')).toBe(false)
    expect(isLoopback(undefined)).toBe(false)
  })
})
