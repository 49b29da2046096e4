import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHmac, randomBytes } from 'node:crypto'
import { EJSON } from 'bson'
import { find, update as applyUpdate } from 'mingo'
import * as tcb from '@cloudbase/node-sdk'

/**
 * A local stand-in for the CloudBase database endpoint, speaking the wire format measured in
 * docs docs/cloudbase-wire.md, so the real @cloudbase/node-sdk can be driven offline. Documents live in memory per
 * collection; queries, sorts and update operators are evaluated by mingo (MongoDB semantics, which is what
 * CloudBase runs on). What it keeps from the real service:
 *  - `update` (merge: true) applies `$set` with dotted paths, so plain nested objects deep-merge;
 *  - `set` (merge: false) replaces the document; `upsert` inserts a missing one;
 *  - a duplicate `_id` fails with DATABASE_DUPLICATE_WRITE;
 *  - `where().get()` returns 100 rows by default and never more than 1000;
 *  - `aggregate()` with `$match`, `$sort`, `$skip`, `$limit` and `$lookup` (equality form), 20 rows without a
 *    `$limit`; other stages are refused (FAKE_UNSUPPORTED_STAGE) rather than answered wrongly;
 *  - transactions: reads see the transaction's own writes; a write to a document that another open
 *    transaction wrote, or that was committed after this transaction began, fails with
 *    DATABASE_TRANSACTION_CONFLICT, and that ends the transaction and releases its locks (the SDK then
 *    starts over); commit applies every write at once; abort drops them.
 * What it cannot show: real isolation under load, indexes, security rules, latency (see the wire doc).
 * Writes outside a transaction do not wait for a transaction's locks; a transaction that wrote a document
 * changed meanwhile by such a write fails at commit instead (no lost update either way).
 * `updated` counts matched documents. Collections exist on first use (the real service answers
 * DATABASE_COLLECTION_NOT_EXIST until one is created in the console or by the CLI). `db.serverDate()` is not
 * understood (take time from the Clock port). Unknown actions answer an error code starting with FAKE_.
 * WeChat open-API calls (`wx.openApi`) are answered by `wx` (FakeWxOpenApi), those through `wx.api` (content
 * security) by `wxApi` (FakeWxApi).
 */

type Doc = Record<string, unknown> & { _id: string }
interface Entry {
  doc: Doc
  /** Commit sequence number of the last write. */
  seq: number
}
interface Staged {
  collection: string
  id: string
  doc: Doc | null
}
interface Tx {
  id: string
  startSeq: number
  writes: Map<string, Staged>
}
type Body = Record<string, unknown>

class FakeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

const DEFAULT_LIMIT = 100
const MAX_LIMIT = 1000

const clone = <T>(v: T): T => structuredClone(v)
const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`
const parse = (s: unknown): Record<string, unknown> =>
  typeof s === 'string' && s ? (EJSON.parse(s) as Record<string, unknown>) : {}
const str = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || !v) throw new FakeError('INVALID_PARAM', `${name} is required`)
  return v
}

/** The values at a dotted path as MongoDB reads them for `$lookup`: lists opened at each step, a missing one as null. */
const valuesAt = (doc: unknown, path: string): unknown[] => {
  let values: unknown[] = [doc]
  for (const p of path.split('.')) {
    values = values
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .filter((v): v is Record<string, unknown> => !!v && typeof v === 'object' && p in v)
      .map((v) => v[p])
  }
  const out = values.flatMap((v) => (Array.isArray(v) ? v : [v]))
  return out.length ? out : [null]
}
const sameValue = (a: unknown, b: unknown): boolean =>
  a === b || ((a === null || a === undefined) && (b === null || b === undefined)) || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime())

export class FakeCloudbaseDb {
  private collections = new Map<string, Map<string, Entry>>()
  private seq = 0
  private txs = new Map<string, Tx>()
  private locks = new Map<string, string>()
  private nextTx = 1

  reset(): void {
    this.collections.clear()
    this.txs.clear()
    this.locks.clear()
    this.seq = 0
  }

  private coll(name: string): Map<string, Entry> {
    let c = this.collections.get(name)
    if (!c) {
      c = new Map()
      this.collections.set(name, c)
    }
    return c
  }

  /** The documents as `tx` sees them: committed ones with its own writes laid over. */
  private view(collection: string, tx?: Tx): Doc[] {
    const docs = new Map<string, Doc>()
    for (const [id, e] of this.coll(collection)) docs.set(id, e.doc)
    if (tx)
      for (const w of tx.writes.values()) {
        if (w.collection !== collection) continue
        if (w.doc) docs.set(w.id, w.doc)
        else docs.delete(w.id)
      }
    return [...docs.values()]
  }

  private read(collection: string, id: string, tx?: Tx): Doc | null {
    const staged = tx?.writes.get(keyOf(collection, id))
    if (staged) return staged.doc
    return this.coll(collection).get(id)?.doc ?? null
  }

  private tx(body: Body): Tx | undefined {
    const id = body.transactionId
    if (id === undefined || id === null || id === '') return undefined
    const tx = this.txs.get(String(id))
    if (!tx) throw new FakeError('FAKE_NO_SUCH_TRANSACTION', `transaction ${String(id)} is not open`)
    return tx
  }

  private end(tx: Tx): void {
    for (const k of tx.writes.keys()) if (this.locks.get(k) === tx.id) this.locks.delete(k)
    this.txs.delete(tx.id)
  }

  private conflict(tx: Tx, why: string): never {
    this.end(tx)
    throw new FakeError('DATABASE_TRANSACTION_CONFLICT', `database transaction conflict: ${why}`)
  }

  private stage(tx: Tx, collection: string, id: string, doc: Doc | null): void {
    const key = keyOf(collection, id)
    const holder = this.locks.get(key)
    if (holder && holder !== tx.id) this.conflict(tx, `${collection}/${id} is written by another transaction`)
    const committed = this.coll(collection).get(id)
    if (committed && committed.seq > tx.startSeq) this.conflict(tx, `${collection}/${id} changed after the transaction began`)
    this.locks.set(key, tx.id)
    tx.writes.set(key, { collection, id, doc })
  }

  private commitWrite(collection: string, id: string, doc: Doc | null, seq: number): void {
    if (doc) this.coll(collection).set(id, { doc, seq })
    else this.coll(collection).delete(id)
  }

  private match(collection: string, body: Body, tx?: Tx): Doc[] {
    const query = parse(body.query)
    if (body.queryType === 'DOC') {
      const doc = this.read(collection, str(query._id, 'query._id'), tx)
      return doc ? [doc] : []
    }
    return find(this.view(collection, tx), query).all() as Doc[]
  }

  handle(body: Body): Record<string, unknown> {
    const action = String(body.action ?? '')
    const tx = action === 'database.startTransaction' || action === 'database.abortTransaction' ? undefined : this.tx(body)
    try {
      return this.dispatch(action, body, tx)
    } catch (e) {
      // Any failed operation ends a MongoDB transaction; the SDK aborts it anyway.
      if (tx && this.txs.has(tx.id) && action !== 'database.commitTransaction') this.end(tx)
      throw e
    }
  }

  private dispatch(action: string, body: Body, tx: Tx | undefined): Record<string, unknown> {
    switch (action) {
      case 'database.startTransaction': {
        const id = `fake-tx-${this.nextTx++}`
        this.txs.set(id, { id, startSeq: this.seq, writes: new Map() })
        return { transactionId: id, data: {} }
      }
      case 'database.commitTransaction': {
        if (!tx) throw new FakeError('INVALID_PARAM', 'transactionId is required')
        for (const w of tx.writes.values()) {
          const committed = this.coll(w.collection).get(w.id)
          if (committed && committed.seq > tx.startSeq) this.conflict(tx, `${w.collection}/${w.id} changed before commit`)
        }
        const seq = ++this.seq
        for (const w of tx.writes.values()) this.commitWrite(w.collection, w.id, w.doc, seq)
        this.end(tx)
        return { data: {} }
      }
      case 'database.abortTransaction': {
        // An attempt that conflicted is already over; aborting it again is harmless.
        const open = this.txs.get(String(body.transactionId ?? ''))
        if (open) this.end(open)
        return { data: {} }
      }
      case 'database.getDocument':
        return { data: this.get(body, tx) }
      case 'database.calculateDocument': {
        const collection = str(body.collectionName, 'collectionName')
        return { data: { total: find(this.view(collection), parse(body.query)).all().length } }
      }
      case 'database.aggregateDocuments':
        return { data: { list: this.aggregate(body).map((d) => EJSON.stringify(d, { relaxed: false })) } }
      case 'database.insertDocument':
        return { data: this.insert(body, tx) }
      case 'database.modifyDocument':
        return { data: this.modify(body, tx) }
      case 'database.removeDocument':
        return { data: this.remove(body, tx) }
      default:
        throw new FakeError('FAKE_UNSUPPORTED_ACTION', `the fake does not implement ${action}`)
    }
  }

  private get(body: Body, tx?: Tx) {
    const collection = str(body.collectionName, 'collectionName')
    const limit = Math.min(Number(body.limit) || DEFAULT_LIMIT, MAX_LIMIT)
    const offset = Number(body.offset) || 0
    let docs: Doc[]
    if (body.queryType === 'DOC') docs = this.match(collection, body, tx)
    else {
      const projection = body.projection ? parse(body.projection) : undefined
      const cursor = find(this.view(collection, tx), parse(body.query), projection)
      if (body.order) cursor.sort(parse(body.order) as Record<string, 1 | -1>)
      docs = cursor.skip(offset).limit(limit).all() as Doc[]
    }
    return { list: docs.map((d) => EJSON.stringify(d, { relaxed: false })), offset, limit }
  }

  /**
   * `aggregate().….end()`: the stages as the SDK sends them (`stages: [{stageKey: '$match', stageValue: EJSON}]`),
   * run in order on the committed documents (an aggregate carries no transaction id). The stages the product
   * sends are the ones understood: `$match` (mingo), `$sort`, `$skip`, `$limit`, and `$lookup` in its equality
   * form (`from`, `localField`, `foreignField`, `as`), which reads `localField` as MongoDB does (lists opened at
   * each step of the path, a missing field as null) and adds the matching documents of `from` as a list, each
   * once, in the collection's order. Any other stage, or `$lookup` with `let`/`pipeline`, is an error rather than
   * a silent wrong answer. Like the service, a pipeline without `$limit` answers 20 documents at most.
   */
  private aggregate(body: Body): Doc[] {
    const collection = str(body.collectionName, 'collectionName')
    const stages = Array.isArray(body.stages) ? (body.stages as Array<{ stageKey?: unknown; stageValue?: unknown }>) : []
    let docs: Doc[] = this.view(collection).map((d) => clone(d))
    let limited = false
    for (const stage of stages) {
      const key = String(stage.stageKey ?? '')
      const value: unknown = typeof stage.stageValue === 'string' ? EJSON.parse(stage.stageValue) : undefined
      switch (key) {
        case '$match':
          docs = find(docs, value as Record<string, unknown>).all() as Doc[]
          break
        case '$sort':
          docs = find(docs, {}).sort(value as Record<string, 1 | -1>).all() as Doc[]
          break
        case '$skip':
          docs = docs.slice(Number(value))
          break
        case '$limit':
          if (!Number.isInteger(value) || (value as number) < 1) throw new FakeError('INVALID_PARAM', '$limit takes a positive integer')
          docs = docs.slice(0, value as number)
          limited = true
          break
        case '$lookup':
          docs = this.lookup(docs, value as Record<string, unknown>)
          break
        default:
          throw new FakeError('FAKE_UNSUPPORTED_STAGE', `the fake does not implement the aggregate stage ${key}`)
      }
    }
    return limited ? docs : docs.slice(0, 20)
  }

  private lookup(docs: Doc[], spec: Record<string, unknown>): Doc[] {
    if (spec.let !== undefined || spec.pipeline !== undefined) throw new FakeError('FAKE_UNSUPPORTED_STAGE', 'the fake does not implement $lookup with let or pipeline')
    const from = str(spec.from, '$lookup.from')
    const localField = str(spec.localField, '$lookup.localField')
    const foreignField = str(spec.foreignField, '$lookup.foreignField')
    const as = str(spec.as, '$lookup.as')
    const foreign = this.view(from)
    return docs.map((d) => {
      const wanted = valuesAt(d, localField)
      const joined = foreign.filter((f) => valuesAt(f, foreignField).some((v) => wanted.some((w) => sameValue(v, w))))
      return { ...d, [as]: joined.map((f) => clone(f)) }
    })
  }

  private insert(body: Body, tx?: Tx) {
    const collection = str(body.collectionName, 'collectionName')
    const list = Array.isArray(body.data) ? body.data : []
    const docs = list.map((s) => {
      const d = parse(s)
      if (d._id === undefined) d._id = randomBytes(16).toString('hex')
      return d as Doc
    })
    const ids = new Set<string>()
    for (const d of docs) {
      if (this.read(collection, d._id, tx) || ids.has(d._id))
        throw new FakeError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${collection} dup key: { _id: "${d._id}" }`)
      ids.add(d._id)
    }
    if (tx) for (const d of docs) this.stage(tx, collection, d._id, d)
    else {
      const seq = ++this.seq
      for (const d of docs) this.commitWrite(collection, d._id, d, seq)
    }
    return { insertedIds: docs.map((d) => d._id) }
  }

  private modify(body: Body, tx?: Tx) {
    const collection = str(body.collectionName, 'collectionName')
    // The SDK never sends `where().update()` with a transaction id (see the wire doc): refuse it loudly.
    if (tx && body.queryType !== 'DOC') throw new FakeError('FAKE_UNSUPPORTED', 'WHERE writes inside a transaction')
    const data = parse(body.data)
    const matched = this.match(collection, body, tx)
    const targets = body.multi === true ? matched : matched.slice(0, 1)
    const writes: Doc[] = []
    let upsertId: string | undefined
    if (body.merge === false) {
      if (Object.keys(data).some((k) => k.startsWith('$'))) throw new FakeError('INVALID_PARAM', 'set takes no operators')
      for (const t of targets) writes.push({ ...clone(data), _id: t._id })
      if (targets.length === 0 && body.upsert === true && body.queryType === 'DOC') {
        upsertId = str(parse(body.query)._id, 'query._id')
        writes.push({ ...clone(data), _id: upsertId })
      }
    } else {
      if (Object.keys(data).some((k) => !k.startsWith('$'))) throw new FakeError('INVALID_PARAM', 'update takes operators only')
      for (const t of targets) {
        const next = clone(t)
        applyUpdate(next, data)
        if (next._id !== t._id) throw new FakeError('INVALID_PARAM', 'cannot change _id')
        writes.push(next)
      }
    }
    if (tx) for (const w of writes) this.stage(tx, collection, w._id, w)
    else if (writes.length) {
      const seq = ++this.seq
      for (const w of writes) this.commitWrite(collection, w._id, w, seq)
    }
    return { updated: targets.length, ...(upsertId ? { upsert_id: upsertId } : {}) }
  }

  private remove(body: Body, tx?: Tx) {
    const collection = str(body.collectionName, 'collectionName')
    if (tx && body.queryType !== 'DOC') throw new FakeError('FAKE_UNSUPPORTED', 'WHERE writes inside a transaction')
    const matched = this.match(collection, body, tx)
    const targets = body.multi === true ? matched : matched.slice(0, 1)
    if (tx) for (const t of targets) this.stage(tx, collection, t._id, null)
    else if (targets.length) {
      const seq = ++this.seq
      for (const t of targets) this.commitWrite(collection, t._id, null, seq)
    }
    return { deleted: targets.length }
  }
}

/**
 * A local stand-in for CloudBase storage as @cloudbase/node-sdk drives it (src/storage/index.ts of the SDK):
 *  - `uploadFile` asks `storage.getUploadMetadata` for a COS URL and a one-time authorization, then PUTs the
 *    bytes there: the fake's `/cos/<path>` answers only that authorization, once, with COS's empty 200;
 *  - `getTempFileURL` is `storage.batchGetDownloadUrl`: a signed `/cos/<path>?t=…&sign=…` URL per file that
 *    works until its `max_age` is over, or `STORAGE_FILE_NONEXIST` for a file that is not there;
 *  - `downloadFile` is a temporary URL and a GET of it; `deleteFile` is `storage.batchDeleteFile`.
 * File ids are `cloud://<env>.fake-bucket/<path>`. What it cannot show: COS's real signatures, storage
 * security rules (the console's "仅云函数可读写"), CDN caching, content types COS infers.
 */
export class FakeCloudbaseStorage {
  readonly files = new Map<string, Buffer>()
  private pending = new Map<string, string>()
  private secret = randomBytes(16).toString('hex')
  constructor(
    private readonly base: () => string,
    private readonly now: () => number = Date.now,
  ) {}

  private pathOf(fileId: unknown): string | null {
    const m = typeof fileId === 'string' ? /^cloud:\/\/[^/]+\.fake-bucket\/(.+)$/.exec(fileId) : null
    return m ? m[1]! : null
  }

  private sign = (path: string, t: number) => createHmac('sha256', this.secret).update(`${path}|${t}`).digest('hex')

  handles = (action: string) => action.startsWith('storage.')

  handle(body: Body): Record<string, unknown> {
    switch (body.action) {
      case 'storage.getUploadMetadata': {
        const path = str(body.path, 'path')
        const authorization = randomBytes(12).toString('hex')
        this.pending.set(path, authorization)
        return {
          data: {
            url: `${this.base()}/cos/${path}`,
            token: 'fake-cos-token',
            authorization,
            fileId: `cloud://${String(body.envName ?? 'test-env')}.fake-bucket/${path}`,
            cosFileId: `cos-${authorization}`,
          },
        }
      }
      case 'storage.batchGetDownloadUrl': {
        const list = Array.isArray(body.file_list) ? (body.file_list as Array<{ fileid: string; max_age?: number }>) : []
        return {
          data: {
            download_list: list.map(({ fileid, max_age }) => {
              const path = this.pathOf(fileid)
              if (!path || !this.files.has(path)) return { fileID: fileid, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST' }
              const t = Math.floor(this.now() / 1000) + (Number(max_age) || 86400)
              return { fileID: fileid, tempFileURL: `${this.base()}/cos/${path}?t=${t}&sign=${this.sign(path, t)}`, code: 'SUCCESS' }
            }),
          },
        }
      }
      case 'storage.batchDeleteFile': {
        const list = Array.isArray(body.fileid_list) ? (body.fileid_list as string[]) : []
        return {
          data: {
            delete_list: list.map((fileID) => {
              const path = this.pathOf(fileID)
              const existed = !!path && this.files.delete(path)
              return { fileID, code: existed ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' }
            }),
          },
        }
      }
      default:
        throw new FakeError('FAKE_UNSUPPORTED_ACTION', `the fake does not implement ${String(body.action)}`)
    }
  }

  /** The COS side: a PUT with the authorization handed out for that path, or a GET of a signed URL. */
  cos(method: string, url: URL, headers: http.IncomingHttpHeaders, body: Buffer): { status: number; body: Buffer | string } {
    const path = decodeURIComponent(url.pathname.slice('/cos/'.length))
    const cosError = (code: string, status: number) => ({ status, body: `<?xml version="1.0"?><Error><Code>${code}</Code><Message>${code}</Message><RequestId>fake</RequestId><TraceId>fake</TraceId></Error>` })
    if (method === 'PUT') {
      const expected = this.pending.get(path)
      if (!expected || headers.authorization !== expected) return cosError('AccessDenied', 403)
      this.pending.delete(path)
      this.files.set(path, body)
      return { status: 200, body: '' }
    }
    if (method === 'GET') {
      const t = Number(url.searchParams.get('t'))
      const sign = url.searchParams.get('sign') ?? ''
      if (!Number.isInteger(t) || sign !== this.sign(path, t)) return cosError('AccessDenied', 403)
      if (t * 1000 < this.now()) return cosError('Request has expired', 403)
      const file = this.files.get(path)
      return file ? { status: 200, body: file } : cosError('NoSuchKey', 404)
    }
    return cosError('MethodNotAllowed', 405)
  }
}

/**
 * WeChat open APIs as the SDK's `callCompatibleWxOpenApi` reaches them (action `wx.openApi`): a multipart form
 * (`action`, `apiName`, `requestData` as bytes); the platform answers the API's own bytes (an image), or JSON
 * with `content-type: application/json; charset=utf-8` for a refusal, which the SDK parses. Each call is
 * recorded; `answer` decides the reply (a test sets it).
 */
export interface FakeWxCall {
  apiName: string
  /** The request body the API got, parsed. */
  request: Record<string, unknown>
}
export type FakeWxAnswer = { bytes: Uint8Array; contentType: string } | { json: Record<string, unknown> }

export class FakeWxOpenApi {
  calls: FakeWxCall[] = []
  answer: (call: FakeWxCall) => FakeWxAnswer | Promise<FakeWxAnswer> = (call) => ({ json: { errcode: 40001, errmsg: `fake: no answer set for ${call.apiName}` } })
}

/** The parts of a multipart/form-data body, by name (enough for what the SDK's form-data sends). */
const formParts = (body: Buffer, contentType: string): Map<string, Buffer> => {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType)
  const parts = new Map<string, Buffer>()
  if (!boundary) return parts
  const sep = Buffer.from(`--${boundary[1] ?? boundary[2]}`)
  let at = body.indexOf(sep)
  while (at >= 0) {
    const start = at + sep.length
    const next = body.indexOf(sep, start)
    if (next < 0) break
    const part = body.subarray(start + 2, next - 2) // CRLF after the boundary, CRLF before the next
    const split = part.indexOf('\r\n\r\n')
    const name = /name="([^"]+)"/.exec(part.subarray(0, split).toString('utf8'))?.[1]
    if (name) parts.set(name, part.subarray(split + 4))
    at = next
  }
  return parts
}

// ---------------------------------------------------------------------------------------------------------
// WeChat open API (`app.callWxOpenApi`, action `wx.api`): content security 2.0 (ADR 0019). Separate from the
// database and storage above.
// ---------------------------------------------------------------------------------------------------------

/** A call the SDK made through `wx.api`: the API path and the request it carried (parsed from its JSON). */
export interface WxApiCall {
  apiName: string
  requestData: Record<string, unknown>
}

/**
 * A stand-in for WeChat's open API as the SDK's `callWxOpenApi` reaches it: a `wx.api` action with `apiName`
 * (the HTTPS path) and `requestData` (a JSON string); the reply is `data.responseData`, WeChat's JSON as a
 * string, which the SDK parses into `result`. It answers
 *  - `/wxa/msg_sec_check` (version 2: openid, scene 1–4, content of at most 2 500 characters) with
 *    `result: {suggest, label}`: `risky` when the content holds one of `riskyWords`, `review` for `reviewWords`;
 *  - `/wxa/media_check_async` (version 2: openid, scene, media_url, media_type 1 or 2) with a `trace_id`, and
 *    keeps the request so a test can make the `wxa_media_check` push WeChat would send (`pushFor`).
 * WeChat's own refusals come back as an `errcode` (40129 bad scene, 47001 bad shape); `failNext` makes the
 * next call answer one. What it cannot show: WeChat's models, the two-hour openid rule, rate limits.
 */
export class FakeWxApi {
  readonly calls: WxApiCall[] = []
  riskyWords: string[] = ['违规测试词']
  reviewWords: string[] = ['复核测试词']
  /** The errcode the next call answers (once). */
  failNext: number | null = null
  readonly traces = new Map<string, Record<string, unknown>>()
  private seq = 0

  handles = (action: string) => action === 'wx.api'

  handle(body: Body): Record<string, unknown> {
    const apiName = String(body.apiName ?? '')
    const requestData = (typeof body.requestData === 'string' && body.requestData ? JSON.parse(body.requestData) : {}) as Record<string, unknown>
    this.calls.push({ apiName, requestData })
    const reply = (data: Record<string, unknown>) => ({ data: { responseData: JSON.stringify(data) } })
    if (this.failNext !== null) {
      const errcode = this.failNext
      this.failNext = null
      return reply({ errcode, errmsg: 'fake failure' })
    }
    const { version, openid, scene } = requestData
    if (version !== 2 || typeof openid !== 'string' || !openid) return reply({ errcode: 47001, errmsg: 'data format error' })
    if (![1, 2, 3, 4].includes(Number(scene))) return reply({ errcode: 40129, errmsg: 'invalid scene' })
    const traceId = `fake-trace-${++this.seq}`
    switch (apiName) {
      case '/wxa/msg_sec_check': {
        const content = requestData.content
        if (typeof content !== 'string' || [...content].length > 2500) return reply({ errcode: 47001, errmsg: 'content too long or missing' })
        const suggest = this.riskyWords.some((w) => content.includes(w)) ? 'risky' : this.reviewWords.some((w) => content.includes(w)) ? 'review' : 'pass'
        const label = suggest === 'pass' ? 100 : 20006
        return reply({ errcode: 0, errmsg: 'ok', trace_id: traceId, result: { suggest, label }, detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: 90 }] })
      }
      case '/wxa/media_check_async': {
        if (typeof requestData.media_url !== 'string' || ![1, 2].includes(Number(requestData.media_type))) return reply({ errcode: 47001, errmsg: 'data format error' })
        this.traces.set(traceId, requestData)
        return reply({ errcode: 0, errmsg: 'ok', trace_id: traceId })
      }
      default:
        throw new FakeError('FAKE_UNSUPPORTED_API', `the fake does not implement ${apiName}`)
    }
  }

  /** The `wxa_media_check` message push WeChat sends for a trace id (version 2). */
  pushFor(traceId: string, suggest: 'pass' | 'review' | 'risky', label = suggest === 'pass' ? 100 : 20002) {
    return {
      ToUserName: 'gh_fake',
      FromUserName: 'o-fake-push',
      CreateTime: 1764547200,
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: 'wx-fake',
      trace_id: traceId,
      version: 2,
      result: { suggest, label: String(label) },
      detail: [{ strategy: 'content_model', errcode: 0, suggest, label: String(label), prob: 90 }],
    }
  }
}

export interface CloudbaseFake {
  /** The `serviceUrl` to give the SDK. */
  url: string
  /** Forgets every document, transaction and file, and the open-API calls. */
  reset(): void
  /** How many requests (database round trips) the endpoint has answered so far. */
  requests(): number
  /** What each request since the last call asked for (`action collection`), oldest first: to see where round trips go. */
  takeLog(): string[]
  close(): Promise<void>
  db: FakeCloudbaseDb
  wx: FakeWxOpenApi
  storage: FakeCloudbaseStorage
  /** WeChat's open API through `wx.api` (content security). */
  wxApi: FakeWxApi
}

export const startCloudbaseFake = async (options: { now?: () => number } = {}): Promise<CloudbaseFake> => {
  const db = new FakeCloudbaseDb()
  const wx = new FakeWxOpenApi()
  let origin = ''
  const storage = new FakeCloudbaseStorage(() => origin, options.now)
  const wxApi = new FakeWxApi()
  let requests = 0
  const openApi = async (body: Buffer, contentType: string, res: http.ServerResponse, requestId: string) => {
    const parts = formParts(body, contentType)
    const action = parts.get('action')?.toString('utf8')
    const apiName = parts.get('apiName')?.toString('utf8') ?? ''
    let answer: FakeWxAnswer
    if (action !== 'wx.openApi') answer = { json: { requestId, code: 'FAKE_UNSUPPORTED', message: `action ${String(action)}` } }
    else {
      const call: FakeWxCall = { apiName, request: JSON.parse(parts.get('requestData')?.toString('utf8') || '{}') as Record<string, unknown> }
      wx.calls.push(call)
      answer = await wx.answer(call)
    }
    if ('json' in answer) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(answer.json))
    } else {
      res.writeHead(200, { 'content-type': answer.contentType })
      res.end(Buffer.from(answer.bytes))
    }
  }
  let log: string[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const requestId = `fake-${++requests}`
      const url = new URL(req.url ?? '/', 'http://fake')
      if (url.pathname.startsWith('/cos/')) {
        const out = storage.cos(req.method ?? 'GET', url, req.headers, Buffer.concat(chunks))
        res.writeHead(out.status, { 'content-type': out.status === 200 ? 'application/octet-stream' : 'application/xml' })
        res.end(out.body)
        return
      }
      const contentType = req.headers['content-type'] ?? ''
      if (contentType.startsWith('multipart/form-data')) {
        openApi(Buffer.concat(chunks), contentType, res, requestId).catch((e: unknown) => {
          res.writeHead(500).end(String(e))
        })
        return
      }
      let reply: Record<string, unknown>
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body
        const action = String(body.action ?? '')
        const docId = body.queryType === 'DOC' ? ` ${String(parse(body.query)._id ?? '')}` : ''
        log.push(`${action} ${String((body as Record<string, unknown>).collectionName ?? '')}${docId}`.trim())
        if (log.length > 10_000) log = log.slice(-1000)
        reply = { requestId, ...(wxApi.handles(action) ? wxApi.handle(body) : storage.handles(action) ? storage.handle(body) : db.handle(body)) }
      } catch (e) {
        const code = e instanceof FakeError ? e.code : 'FAKE_INTERNAL'
        reply = { requestId, code, message: e instanceof Error ? e.message : String(e) }
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(reply))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`
  return {
    url: `http://127.0.0.1:${port}/admin`,
    db,
    wx,
    storage,
    wxApi,
    reset: () => {
      db.reset()
      wx.calls = []
      wxApi.calls.length = 0
      storage.files.clear()
    },
    requests: () => requests,
    takeLog: () => {
      const out = log
      log = []
      return out
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The SDK keeps sockets alive; without this the process would wait for them.
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}

/** The real SDK pointed at the fake (docs/cloudbase-wire.md: dummy keys, no cloud probe, no slow-call timer). */
export const connectCloudbase = (url: string) => {
  process.env.TENCENTCLOUD = 'true'
  process.env.SILENCE = 'true'
  const app = tcb.init({ env: 'test-env', secretId: 'x', secretKey: 'y', serviceUrl: url })
  return { app, db: app.database() }
}
