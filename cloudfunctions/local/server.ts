import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve } from 'node:path'
import type { FunctionName } from '../../types/contract'
import { ERRORS, type Result } from '../../types/errors'
import { dispatch } from '../core/app/dispatch'
import type { Ports } from '../core/ports'
import { buildPersonas, type Persona } from '../core/seed/heze'
import type { DevMessage } from '../core/adapters/local/ports'
import { messagesPage, signInPage } from './signin-page'

/**
 * The local host: the H5 build and the same function handlers over the embedded store, on loopback.
 * The dev sign-in cookie plays the part WeChat plays in the cloud: it is where the caller comes from (D29).
 */
export interface LocalHostOptions {
  ports: Ports
  h5Dir: string
  port: number
  host: string
  /** Run the sweep this often (ms); 0 turns the timer off. */
  sweepEveryMs: number
  /** Messages the local notifier "sent", for the dev message box. */
  devMessages?: () => DevMessage[]
  log?: (line: string) => void
}

export interface LocalHost {
  url: string
  server: Server
  close(): Promise<void>
}

const COOKIE = 'hx_dev'
const PUBLIC_FUNCTIONS: FunctionName[] = ['worker', 'officer', 'admin']
const MAX_BODY = 256 * 1024
const OPENID = /^[A-Za-z0-9_-]{1,64}$/

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
}

export const isLoopback = (address: string | undefined): boolean =>
  address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1'

const cookieOf = (req: IncomingMessage): string | null => {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === COOKIE) {
      const value = decodeURIComponent(v.join('='))
      return OPENID.test(value) ? value : null
    }
  }
  return null
}

const readBody = (req: IncomingMessage): Promise<string | null> =>
  new Promise((done, fail) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        done(null)
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')))
    req.on('error', fail)
  })

const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

const refuse = (res: ServerResponse, status: number, code: 'REQUEST_INVALID' | 'AUTH_FORBIDDEN' | 'REQUEST_UNKNOWN_OP') =>
  sendJson(res, status, { ok: false, error: { code, message: ERRORS[code] } } satisfies Result<never>)

export const startLocalHost = async (options: LocalHostOptions): Promise<LocalHost> => {
  const log = options.log ?? ((l: string) => console.log(l))
  const personas = buildPersonas()
  const h5Root = resolve(options.h5Dir)

  const api = async (fn: FunctionName, req: IncomingMessage, res: ServerResponse) => {
    const text = await readBody(req)
    if (text === null) return refuse(res, 413, 'REQUEST_INVALID')
    let event: unknown
    try {
      event = JSON.parse(text)
    } catch {
      return refuse(res, 400, 'REQUEST_INVALID')
    }
    // Only a loopback caller can be signed in: elsewhere the cookie names nobody.
    const openid = isLoopback(req.socket.remoteAddress) ? cookieOf(req) : null
    const result = await dispatch(fn, event, { openid, via: 'local' }, options.ports)
    sendJson(res, 200, result)
  }

  const signIn = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!isLoopback(req.socket.remoteAddress)) {
      res.writeHead(404).end()
      return
    }
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      res.end(signInPage(personas, cookieOf(req), url.searchParams.get('next') ?? ''))
      return
    }
    const form = new URLSearchParams((await readBody(req)) ?? '')
    const openid = form.get('openid') ?? ''
    const persona: Persona | undefined = personas.find((p) => p.openid === openid)
    const next = form.get('next') ?? ''
    if (!persona) {
      res.writeHead(303, { location: '/__dev/signin' }).end()
      return
    }
    const safeNext = next.startsWith('/') && !next.startsWith('//') ? next : persona.landing
    res.writeHead(303, {
      'set-cookie': `${COOKIE}=${encodeURIComponent(persona.openid)}; Path=/; HttpOnly; SameSite=Lax`,
      location: safeNext,
    })
    res.end()
  }

  const staticFile = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '')
    const file = join(h5Root, rel)
    if (!file.startsWith(h5Root)) return res.writeHead(404).end()
    if (rel && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': extname(file) === '.html' ? 'no-cache' : 'public, max-age=300',
      })
      createReadStream(file).pipe(res)
      return
    }
    if (extname(rel)) return res.writeHead(404).end()
    // A page route: someone not signed in goes to the sign-in first and comes back to the same page.
    if (!cookieOf(req) && isLoopback(req.socket.remoteAddress)) {
      res.writeHead(302, { location: `/__dev/signin?next=${encodeURIComponent(url.pathname + url.search)}` }).end()
      return
    }
    const index = join(h5Root, 'index.html')
    if (!existsSync(index)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('H5 页面还没有构建：请运行 npm run build:h5（npm start 会自动构建）')
      return
    }
    res.writeHead(200, { 'content-type': MIME['.html']!, 'cache-control': 'no-cache' })
    createReadStream(index).pipe(res)
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local')
    const handle = async () => {
      if (url.pathname.startsWith('/api/')) {
        const fn = url.pathname.slice('/api/'.length) as FunctionName
        if (req.method !== 'POST') return refuse(res, 405, 'REQUEST_INVALID')
        // The sweep answers to the timer only, never to a request.
        if (!PUBLIC_FUNCTIONS.includes(fn)) return refuse(res, 404, 'REQUEST_UNKNOWN_OP')
        return api(fn, req, res)
      }
      if (url.pathname === '/__dev/signin') return signIn(req, res, url)
      if (url.pathname === '/__dev/messages') {
        if (!isLoopback(req.socket.remoteAddress)) return res.writeHead(404).end()
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        res.end(messagesPage(options.devMessages?.() ?? [], personas))
        return
      }
      if (url.pathname === '/__dev/signout') {
        res.writeHead(303, { 'set-cookie': `${COOKIE}=; Path=/; Max-Age=0`, location: '/__dev/signin' }).end()
        return
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return res.writeHead(405).end()
      return staticFile(req, res, url)
    }
    handle().catch((e: unknown) => {
      log(`[本地服务] 出错：${String(e)}`)
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: ERRORS.INTERNAL } })
    })
  })

  await new Promise<void>((done) => server.listen(options.port, options.host, done))
  const address = server.address() as AddressInfo
  const url = `http://${options.host}:${address.port}`

  let timer: NodeJS.Timeout | undefined
  if (options.sweepEveryMs > 0) {
    timer = setInterval(() => {
      dispatch('sweep', { op: 'sweep.run', input: {}, requestId: `sweep-${Date.now()}` }, { openid: null, via: 'timer' }, options.ports)
        .then((r) => {
          if (!r.ok) log(`[定时任务] ${r.error.message}`)
        })
        .catch((e: unknown) => log(`[定时任务] 出错：${String(e)}`))
    }, options.sweepEveryMs)
    timer.unref()
  }

  return {
    url,
    server,
    close: async () => {
      if (timer) clearInterval(timer)
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}
