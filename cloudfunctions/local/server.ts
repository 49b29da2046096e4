import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { Duplex } from 'node:stream'
import type { FunctionName } from '../../types/contract'
import { APP_FUNCTIONS } from '../../types/functions'
import { ERRORS, type ErrorCode, type Result } from '../../types/errors'
import { dispatch } from '../core/app/dispatch'
import { buildPersonas, type Persona } from '../core/seed/heze'
import { deliverLocalVerdicts, type DevMessage, type LocalPorts } from './ports'
import { LOCAL_FILES_PREFIX } from '../core/adapters/files/local'
import { COLLECTIONS } from '../core/ports/collections'
import type { OutboxDoc } from '../core/app/records'
import { messagesPage, signInPage } from './signin-page'

/**
 * The local host: the H5 build and the same function handlers over the embedded store, on loopback.
 * The dev sign-in cookie plays the part WeChat plays in the cloud: it is where the caller comes from (D29).
 */
export interface LocalHostOptions {
  ports: LocalPorts
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
const MAX_BODY = 256 * 1024
/** How much of an oversized body is read (and thrown away) before answering anyway. */
const MAX_DRAIN = 16 * 1024 * 1024
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

/** A request's own fault: answered with a coded 4xx, never a 500. */
class BadRequest extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
  ) {
    super(code)
  }
}

/** The dev cookie's openid; a malformed or foreign value names nobody. */
const cookieOf = (req: IncomingMessage): string | null => {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === COOKIE) {
      let value: string
      try {
        value = decodeURIComponent(v.join('='))
      } catch {
        return null
      }
      return OPENID.test(value) ? value : null
    }
  }
  return null
}

/** Any control character (CR and LF included): never part of a path we send back in a header. */
const CONTROL = /[\u0000-\u001f\u007f]/
const ORIGIN = 'http://local.invalid'

/**
 * Where the sign-in may send someone: a path on this host, decided by the WHATWG URL parser the browser
 * itself uses (so `/\evil.example`, `//evil.example`, `https://…` and tabs inside are all another origin).
 * Returns the parsed path, search and hash, or null.
 */
export const sameOriginPath = (next: string): string | null => {
  if (!next || CONTROL.test(next)) return null
  let url: URL
  try {
    url = new URL(next, `${ORIGIN}/`)
  } catch {
    return null
  }
  if (url.origin !== ORIGIN) return null
  return url.pathname + url.search + url.hash
}

/**
 * The body as text, or null when it is over MAX_BODY. Past the limit it stops keeping what arrives but reads
 * on to the end, so the client has sent everything and reads the 413 instead of a reset connection; only a
 * body past MAX_DRAIN is answered before its end.
 */
const readBody = (req: IncomingMessage): Promise<string | null> =>
  new Promise((done, fail) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (c: Buffer) => {
      size += c.length
      if (size <= MAX_BODY) {
        chunks.push(c)
        return
      }
      chunks.length = 0
      if (size > MAX_DRAIN) {
        req.off('data', onData)
        req.off('end', onEnd)
        done(null)
      }
    }
    const onEnd = () => done(size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8'))
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', fail)
  })

const sendJson = (res: ServerResponse, status: number, body: unknown, close = false) => {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {}),
  })
  res.end(text)
}

const errorBody = (code: ErrorCode) => ({ ok: false, error: { code, message: ERRORS[code] } }) satisfies Result<never>

const refuse = (res: ServerResponse, status: number, code: ErrorCode, close = false) => sendJson(res, status, errorBody(code), close)

/** Too large: the connection is not reused, whatever the client left unsent. */
const refuseTooLarge = (res: ServerResponse) => refuse(res, 413, 'REQUEST_TOO_LARGE', true)

/** A request line or headers Node's parser refused: the same coded JSON, written straight to the socket. */
const clientErrorStatus = (code: string | undefined): number => {
  if (code === 'HPE_HEADER_OVERFLOW') return 431
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408
  return 400
}

export const startLocalHost = async (options: LocalHostOptions): Promise<LocalHost> => {
  const log = options.log ?? ((l: string) => console.log(l))
  const personas = buildPersonas()
  const h5Root = resolve(options.h5Dir)

  const api = async (fn: FunctionName, req: IncomingMessage, res: ServerResponse) => {
    const text = await readBody(req)
    if (text === null) return refuseTooLarge(res)
    let event: unknown
    try {
      event = JSON.parse(text)
    } catch {
      return refuse(res, 400, 'REQUEST_INVALID')
    }
    // Only a loopback caller can be signed in: elsewhere the cookie names nobody.
    const openid = isLoopback(req.socket.remoteAddress) ? cookieOf(req) : null
    const result = await dispatch(fn, event, { openid, via: 'local' }, options.ports)
    // The embedded content checker's verdicts on files this call sent it, pushed as WeChat would (ADR 0019).
    await deliverLocalVerdicts(options.ports).catch((e: unknown) => log(`[内容安全] 出错：${String(e)}`))
    sendJson(res, 200, result)
  }

  const signIn = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!isLoopback(req.socket.remoteAddress)) {
      res.writeHead(404).end()
      return
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const html = signInPage(personas, cookieOf(req), sameOriginPath(url.searchParams.get('next') ?? '') ?? '')
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' })
      res.end(req.method === 'HEAD' ? undefined : html)
      return
    }
    if (req.method !== 'POST') return refuse(res, 405, 'REQUEST_INVALID')
    const text = await readBody(req)
    if (text === null) return refuseTooLarge(res)
    const form = new URLSearchParams(text)
    const openid = form.get('openid') ?? ''
    const persona: Persona | undefined = personas.find((p) => p.openid === openid)
    if (!persona) {
      res.writeHead(303, { location: '/__dev/signin' }).end()
      return
    }
    res.writeHead(303, {
      'set-cookie': `${COOKIE}=${encodeURIComponent(persona.openid)}; Path=/; HttpOnly; SameSite=Lax`,
      location: sameOriginPath(form.get('next') ?? '') ?? persona.landing,
    })
    res.end()
  }

  /** Streams a file; a read that fails before the first byte is a 404, after it the response is cut. */
  const sendFile = (res: ServerResponse, file: string, headers: Record<string, string>) => {
    const stream = createReadStream(file)
    stream.once('open', () => {
      res.writeHead(200, headers)
      stream.pipe(res)
    })
    stream.once('error', () => {
      if (!res.headersSent) res.writeHead(404).end()
      else res.destroy()
    })
  }

  const staticFile = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    let path: string
    try {
      path = decodeURIComponent(url.pathname)
    } catch {
      throw new BadRequest(400, 'REQUEST_INVALID')
    }
    if (path.includes('\0')) throw new BadRequest(400, 'REQUEST_INVALID')
    const rel = normalize(path).replace(/^([/\\])+/, '')
    const file = join(h5Root, rel)
    if (file !== h5Root && !file.startsWith(h5Root + sep)) return res.writeHead(404).end()
    if (rel && existsSync(file) && statSync(file, { throwIfNoEntry: false })?.isFile()) {
      return sendFile(res, file, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': extname(file) === '.html' ? 'no-cache' : 'public, max-age=300',
      })
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
    sendFile(res, index, { 'content-type': MIME['.html']!, 'cache-control': 'no-cache' })
  }

  /**
   * A file through a URL an operation handed out (D34): only while its signature holds and it has not
   * expired, whoever asks; an unsigned, altered or stale URL is a 404 that says nothing of the file.
   */
  const servedFile = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'REQUEST_INVALID')
    const file = await options.ports.files.open(url.pathname.slice(LOCAL_FILES_PREFIX.length), url.searchParams, Date.now())
    if (!file) return refuse(res, 404, 'FILE_NOT_FOUND')
    const headers: Record<string, string | number> = {
      'content-type': file.mime,
      'content-length': file.bytes.byteLength,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    }
    if (file.name) headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : Buffer.from(file.bytes))
  }

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://local')
    } catch {
      throw new BadRequest(400, 'REQUEST_INVALID')
    }
    if (url.pathname.startsWith('/api/')) {
      const fn = url.pathname.slice('/api/'.length) as FunctionName
      if (req.method !== 'POST') return refuse(res, 405, 'REQUEST_INVALID')
      // The sweep answers to the timer only, never to a request.
      if (!APP_FUNCTIONS.includes(fn)) return refuse(res, 404, 'REQUEST_UNKNOWN_OP')
      return api(fn, req, res)
    }
    if (url.pathname.startsWith(LOCAL_FILES_PREFIX)) return servedFile(req, res, url)
    if (url.pathname === '/__dev/signin') return signIn(req, res, url)
    if (url.pathname === '/__dev/messages') {
      if (!isLoopback(req.socket.remoteAddress)) return res.writeHead(404).end()
      // The page is built before anything is written, so a failure is still answered whole.
      const failed = await options.ports.store.find<OutboxDoc>(COLLECTIONS.outbox, {
        where: { status: 'failed' },
        orderBy: { field: 'nextAttemptAt', dir: 'desc' },
        limit: 50,
      })
      const html = messagesPage(options.devMessages?.() ?? [], personas, failed.items)
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' })
      res.end(html)
      return
    }
    if (url.pathname === '/__dev/signout') {
      res.writeHead(303, { 'set-cookie': `${COOKIE}=; Path=/; Max-Age=0`, location: '/__dev/signin' }).end()
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'REQUEST_INVALID')
    return staticFile(req, res, url)
  }

  /**
   * The last resort: a request's own fault (a BadRequest, a malformed percent-escape, a header value Node
   * refuses to send) is a coded 4xx; anything else is a coded 500. Either way the socket is answered or
   * closed, never left hanging.
   */
  const answerError = (req: IncomingMessage, res: ServerResponse, e: unknown) => {
    const requestFault =
      e instanceof BadRequest ? e : e instanceof URIError || (e as { code?: string })?.code === 'ERR_INVALID_CHAR' ? new BadRequest(400, 'REQUEST_INVALID') : null
    // A client that went away mid-request (its body cut short) is nobody's error to report.
    const gone = req.socket.destroyed
    if (!requestFault && !gone) log(`[本地服务] 出错：${req.method ?? ''} ${req.url ?? ''} ${String(e)}`)
    if (gone || res.headersSent || res.destroyed) {
      res.destroy()
      return
    }
    try {
      // Whatever a failed writeHead left behind is replaced.
      for (const name of res.getHeaderNames()) res.removeHeader(name)
      if (requestFault) refuse(res, requestFault.status, requestFault.code, !req.complete)
      else refuse(res, 500, 'INTERNAL', true)
    } catch {
      res.destroy()
    }
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => answerError(req, res, e))
  })
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const status = clientErrorStatus(err.code)
    const text = JSON.stringify(errorBody(status === 408 ? 'NETWORK_FAILED' : 'REQUEST_INVALID'))
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
    )
  })

  await new Promise<void>((done) => server.listen(options.port, options.host, done))
  const address = server.address() as AddressInfo
  const url = `http://${options.host}:${address.port}`
  // Station codes made from now on lead here, unless a public address was given (HX_PUBLIC_ORIGIN).
  options.ports.site.origin ??= url

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
