import type { CloudBase } from '@cloudbase/node-sdk'
import { AppError } from '../../../../types/errors'
import {
  applyIncrement,
  DEFAULT_LIMIT,
  MAX_LIMIT,
  type Condition,
  type FindJoinedOptions,
  type FindOptions,
  type Increment,
  type Join,
  type Joined,
  joinPath,
  type NewDoc,
  type Page,
  type Patch,
  type Scalar,
  type Store,
  type StoredDoc,
  type TxStore,
  type Where,
  belowField,
  incrementPath,
} from '../../ports/store'
import { COLLECTION_HOSTS, HOST_TAG_FIELD, type CollectionHost } from '../../ports/collections'

/**
 * The Store port on the CloudBase document database, through @cloudbase/node-sdk (D17, docs/cloudbase-wire.md).
 *
 * - `updateHeld` is that write without the read, for a caller that holds the document as read (ADR 0025).
 * - `update` outside a transaction reads the document, then writes with `where({_id, _v}).update(…)`:
 *   `updated: 0` is the optimistic-concurrency conflict. A missing document is also STORE_CONFLICT (the
 *   caller read a version that is no longer there). The value returned is the read document with the patch
 *   applied: the write only lands on exactly that version, so this is what was stored, with no second read.
 * - CloudBase `update` deep-merges objects (the SDK flattens `{a: {b: 1}}` into `$set: {'a.b': 1}`), so
 *   object-valued fields are written with `_.set(value)` to replace them; `undefined` becomes `_.remove()`.
 * - Inside a transaction only `doc(id).get/set/update` and `collection.add` are used: `where().update()` and
 *   `count()` would not carry the transaction id and would commit at once. The versioned update there is
 *   read, compare `_v`, then `set` the whole new document.
 * - `increment` (ADR 0031) is `doc(id).update({path: _.inc(n), …, _v: _.inc(1)})` without a read: `updated: 1`
 *   is done; `updated: 0` (no such document) is followed by `add` of the document as created. An `add` that
 *   finds the document there after all (created meanwhile by someone else) is a write conflict: in a
 *   transaction the whole function runs again; outside one the update is sent again.
 * - `find` pages by keyset without OR (the port has none): see `pageOf` below. `findJoined` is the same paging
 *   with each page's request an aggregate that joins (`fetch`, ADR 0040).
 * - A collection that is a member of a host (COLLECTION_HOSTS, ADR 0050) is stored in the host: every operation
 *   on it is sent to the host with the member's tag (`placeOf`), and what comes back is answered as the member's
 *   own documents. Inside a transaction, inserts into members are held and sent at the end as one `add` of them
 *   all (`txStoreOf`).
 */

/** The SDK's database handle: `app.database()`. */
export type CloudbaseDb = ReturnType<CloudBase['database']>
type Collection = ReturnType<CloudbaseDb['collection']>
type Command = CloudbaseDb['command']
/** What `runTransaction` hands its callback (the SDK types it as `any`). */
interface TxHandle {
  collection(name: string): Collection
}
type Doc = Record<string, unknown>
type Dir = 'asc' | 'desc'

/**
 * One attempt plus seven retries when CloudBase reports a transaction write conflict: a case's transaction also
 * moves its station's inbox counter and the county's case-number counter, which filings at the same moment share,
 * and the roll-up pass's transactions share their cursor (ADR 0051). The pauses double (10, 20, 40 … 640 ms, each plus up to as much again at random): under 2.6 s in all.
 */
const TX_ATTEMPTS = 8
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Thrown inside a transaction on DATABASE_TRANSACTION_CONFLICT: the loop in `transaction` retries on it. */
class TxWriteConflict extends AppError {
  constructor() {
    super('STORE_CONFLICT')
  }
}

const codeOf = (e: unknown): unknown => (e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined)
const messageOf = (e: unknown): string =>
  e && typeof e === 'object' ? String((e as { message?: unknown }).message ?? '') : String(e)

/** CloudBase names a duplicate `_id` DATABASE_DUPLICATE_WRITE; some paths wrap MongoDB's E11000 instead. */
const isDuplicate = (e: unknown): boolean =>
  codeOf(e) === 'DATABASE_DUPLICATE_WRITE' || codeOf(e) === 11000 || /E11000|duplicate key/i.test(messageOf(e))
const isTxConflict = (e: unknown): boolean => codeOf(e) === 'DATABASE_TRANSACTION_CONFLICT'

const unavailable = (cause: unknown): AppError => {
  const err = new AppError('STORE_UNAVAILABLE')
  // Kept for logs; the person sees only the code's message.
  Object.defineProperty(err, 'cause', { value: cause, enumerable: false })
  return err
}

/** With `throwOnCode` off the SDK returns `{code, message}` instead of throwing: treat both the same. */
const checked = <R>(res: R): R => {
  if (res && typeof res === 'object' && (res as { code?: unknown }).code) throw res
  return res
}

/** Runs SDK calls: our own AppErrors pass through, anything else means the store is unavailable. */
const guard = async <R>(op: () => Promise<R>): Promise<R> => {
  try {
    return await op()
  } catch (e) {
    if (e instanceof AppError) throw e
    throw unavailable(e)
  }
}

const isPlainObject = (v: unknown): v is Doc =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype

const withoutUndefined = (doc: Doc): Doc => {
  const out: Doc = {}
  for (const [k, v] of Object.entries(doc)) if (v !== undefined) out[k] = v
  return out
}

const applyPatch = <T extends StoredDoc>(current: T, patch: Patch<T>, v: number): T => {
  const next: Doc = { ...(current as unknown as Doc) }
  for (const [k, val] of Object.entries(patch as Doc)) {
    if (k === '_id' || k === '_v') continue
    if (val === undefined) delete next[k]
    else next[k] = val
  }
  next._v = v
  return next as T
}

const checkField = (field: string) => {
  if (!FIELD.test(field)) throw new AppError('REQUEST_INVALID', `字段名不合法：${field}`)
}

const encodeCursor = (value: unknown, id: string): string =>
  Buffer.from(JSON.stringify([value ?? null, id])).toString('base64url')

const decodeCursor = (cursor: string): [Scalar, string] => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      const v: unknown = parsed[0]
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return [v as Scalar, parsed[1]]
    }
  } catch {
    /* fall through */
  }
  throw new AppError('REQUEST_INVALID', '翻页参数不对，请刷新后再试')
}

/** Conditions per field, as SDK command parts; several parts on one field are ANDed. */
type Parts = Map<string, unknown[]>

/**
 * Where a collection's documents are stored: its own collection (no tag), or its host with the member's tag. The
 * stored `_id` of a member's document is `<tag>:<id>`: within one tag these sort as the ids do, so order and keyset
 * cursors are the member's own.
 */
interface Place {
  name: string
  tag?: string
}

/** How many documents of an old member collection the move reads, adds and removes at once. */
const MOVE_PAGE = 100

export const createCloudbaseStore = (db: CloudbaseDb, hosts: ReadonlyArray<CollectionHost> = COLLECTION_HOSTS): Store => {
  const _: Command = db.command

  const places = new Map<string, Place>(hosts.flatMap((h) => h.members.map((m) => [m.collection as string, { name: h.host, tag: m.tag }] as const)))
  const placeOf = (collection: string): Place => places.get(collection) ?? { name: collection }
  /** The stored `_id` of a document of `p`. */
  const idAt = (p: Place, id: string): string => (p.tag ? `${p.tag}:${id}` : id)
  /** A member's field named as the store's own tag field is refused (as a field name not allowed): it is the host's. */
  const checkOwn = (p: Place, fields: Iterable<string>) => {
    if (!p.tag) return
    for (const f of fields) if (f === HOST_TAG_FIELD || f.startsWith(`${HOST_TAG_FIELD}.`)) throw new AppError('REQUEST_INVALID', `字段名不合法：${f}`)
  }
  /** A document as stored at `p`. */
  const stored = (p: Place, doc: Doc): Doc => (p.tag ? { ...doc, _id: idAt(p, doc._id as string), [HOST_TAG_FIELD]: p.tag } : doc)
  /** A document as read at `p`, answered as the collection's own. */
  const unstored = <T>(p: Place, doc: Doc | null | undefined): T | null => {
    if (!doc) return null
    if (!p.tag) return doc as T
    const { [HOST_TAG_FIELD]: _tag, ...rest } = doc
    return { ...rest, _id: String(doc._id).slice(p.tag.length + 1) } as T
  }

  const partsOf = (field: string, cond: Condition | undefined): unknown[] => {
    if (cond === undefined) throw new AppError('REQUEST_INVALID', `查询条件缺少值：${field}`)
    if (cond === null || typeof cond !== 'object') return [_.eq(cond)]
    if ('$in' in cond) {
      if (!Array.isArray(cond.$in)) throw new AppError('REQUEST_INVALID')
      return [_.in(cond.$in)]
    }
    if ('$ne' in cond) return [_.neq(cond.$ne)]
    const parts: unknown[] = []
    for (const [op, v] of Object.entries(cond)) {
      if (v === undefined) continue
      if (op === '$gt') parts.push(_.gt(v))
      else if (op === '$gte') parts.push(_.gte(v))
      else if (op === '$lt') parts.push(_.lt(v))
      else if (op === '$lte') parts.push(_.lte(v))
      else throw new AppError('REQUEST_INVALID', '查询条件不认识')
    }
    if (parts.length === 0) throw new AppError('REQUEST_INVALID', '查询条件不认识')
    return parts
  }

  /** An `_id` condition on a member names stored ids: every value in it gets the tag. */
  const idCondAt = (p: Place, cond: Condition | undefined): Condition | undefined => {
    if (!p.tag || cond === undefined) return cond
    const at = (v: unknown) => (typeof v === 'string' ? idAt(p, v) : v) as Scalar
    if (cond === null || typeof cond !== 'object') return at(cond)
    if ('$in' in cond) return Array.isArray(cond.$in) ? { $in: cond.$in.map(at) } : cond
    if ('$ne' in cond) return { $ne: at(cond.$ne) }
    return Object.fromEntries(Object.entries(cond).map(([op, v]) => [op, v === undefined ? v : at(v)])) as Condition
  }

  /** The conditions of `where` at `p`: a member's with its tag first and its ids as stored. */
  const partsOfWhere = (p: Place, where: Where = {}): Parts => {
    const parts: Parts = new Map()
    if (p.tag) parts.set(HOST_TAG_FIELD, [_.eq(p.tag)])
    checkOwn(p, Object.keys(where))
    for (const [field, cond] of Object.entries(where)) {
      checkField(field)
      parts.set(field, partsOf(field, field === '_id' ? idCondAt(p, cond) : cond))
    }
    return parts
  }

  const plus = (parts: Parts, field: string, ...more: unknown[]): Parts => {
    const next = new Map(parts)
    next.set(field, [...(parts.get(field) ?? []), ...more])
    return next
  }

  /** `{field: part}` or `{field: _.and(p1, p2)}`; the SDK turns the latter into a top-level `$and`. */
  const toQuery = (parts: Parts): Doc => {
    const q: Doc = {}
    for (const [field, list] of parts) q[field] = list.length === 1 ? list[0] : _.and(...(list as object[]))
    return q
  }

  /** Strictly after `v` in direction `dir`; `undefined` when nothing can follow (null is lowest in MongoDB). */
  const beyond = (dir: Dir, v: Scalar): unknown => {
    if (v === null) return dir === 'asc' ? _.neq(null) : undefined
    return dir === 'asc' ? _.gt(v) : _.lt(v)
  }

  interface Fetched {
    rows: Doc[]
    /** The request asked for more than CloudBase returns at once and got a full page: there may be more. */
    truncated: boolean
  }
  /**
   * One request for a page's rows: `where().orderBy().limit().get()`, or with joins one aggregate (ADR 0040):
   * `$match`, `$sort`, `$limit`, then a `$lookup` per join (on `_id`), so only the rows returned are joined and
   * what they name is read in the same request. An aggregate with no `$limit` answers 20 rows: it always has one.
   */
  const fetch = async (p: Place, parts: Parts, order: Array<[string, Dir]>, n: number, join: readonly Join[] = []): Promise<Fetched> => {
    const size = Math.min(n, MAX_LIMIT)
    let rows: Doc[]
    if (join.length) {
      let a = db
        .collection(p.name)
        .aggregate()
        .match(toQuery(parts))
        .sort(Object.fromEntries(order.map(([f, d]) => [f, d === 'asc' ? 1 : -1])))
        .limit(size)
      for (const j of join) a = a.lookup({ from: placeOf(j.from).name, localField: j.localField, foreignField: j.foreignField ?? '_id', as: j.as })
      const res = checked(await a.end())
      rows = ((res as { data?: unknown }).data ?? []) as Doc[]
      // A join from a member (by another of its fields: `findJoined` allows no other) met its host's every member:
      // only the member's own documents are kept, answered as the member's.
      for (const j of join) {
        const from = placeOf(j.from)
        if (!from.tag || j.as.includes('.')) continue
        for (const r of rows)
          if (Array.isArray(r[j.as])) r[j.as] = (r[j.as] as Doc[]).filter((d) => d[HOST_TAG_FIELD] === from.tag).map((d) => unstored<Doc>(from, d)!)
      }
    } else {
      let q = db.collection(p.name).where(toQuery(parts))
      for (const [f, d] of order) q = q.orderBy(f, d)
      const res = checked(await q.limit(size).get())
      rows = (res.data ?? []) as Doc[]
    }
    return { rows: rows.map((r) => unstored<Doc>(p, r)!), truncated: n > size && rows.length === size }
  }

  const getDoc = async <T extends StoredDoc>(collection: string, id: string): Promise<T | null> => {
    const p = placeOf(collection)
    const res = checked(await db.collection(p.name).doc(idAt(p, id)).get())
    const data: unknown = res.data
    return unstored<T>(p, (Array.isArray(data) ? data[0] : data) as Doc | undefined)
  }

  const newDoc = <T extends StoredDoc>(collection: string, doc: NewDoc<T>): T => {
    const id = (doc as { _id?: unknown })._id
    if (typeof id !== 'string' || !id) throw new Error('store: insert needs a string _id')
    checkOwn(placeOf(collection), Object.keys(doc))
    return { ...withoutUndefined(doc as Doc), _v: 1 } as unknown as T
  }

  /** The patch as SDK update data: objects replaced whole, undefined removed, `_v` bumped. */
  const encodePatch = (p: Place, patch: Doc): Doc => {
    checkOwn(p, Object.keys(patch))
    const data: Doc = {}
    for (const [k, v] of Object.entries(patch)) {
      if (k === '_id' || k === '_v') continue
      if (v === undefined) data[k] = _.remove()
      else if (isPlainObject(v)) data[k] = _.set(v)
      else data[k] = v
    }
    data._v = _.inc(1)
    return data
  }

  /** An increment as SDK update data: each path `_.inc(n)`, the `set` fields as a patch, `_v` + 1. */
  const encodeIncrement = <T extends StoredDoc>(p: Place, change: Increment<T>): Doc => {
    const data = encodePatch(p, (change.set ?? {}) as Doc)
    checkOwn(p, Object.keys(change.by))
    for (const [path, amount] of Object.entries(change.by)) {
      incrementPath(path)
      if (path in data) throw new Error(`store: increment path also set: ${path}`)
      data[path] = _.inc(amount)
    }
    return data
  }

  /**
   * The store a transaction's function is given, and `flush`, which sends the inserts into members it holds back:
   * the transaction calls it when the function has returned, before the commit. Both belong to one attempt.
   */
  const txStoreOf = (t: TxHandle): { tx: TxStore; flush: () => Promise<void> } => {
    const inTx = async <R>(op: () => Promise<R>, duplicateIsConflict = false): Promise<R> => {
      try {
        return await op()
      } catch (e) {
        if (e instanceof AppError) throw e
        if (isTxConflict(e)) throw new TxWriteConflict()
        if (duplicateIsConflict && isDuplicate(e)) throw new AppError('STORE_CONFLICT')
        throw unavailable(e)
      }
    }
    // The documents this attempt has read or written, as it sees them: reads see the attempt's own writes, and
    // another transaction's change to one of them fails the commit, so a second read of the same document (the
    // versioned update after a get) is answered here without a request. Documents held back are here too.
    const seen = new Map<string, Doc | null>()
    const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`
    const copy = <T>(doc: Doc | null): T | null => (doc ? ({ ...doc } as T) : null)
    // Inserts into members, per host, as stored: sent as one `add` of the list at `flush` (ADR 0050).
    const held = new Map<string, Doc[]>()
    const flushHost = async (host: string) => {
      const docs = held.get(host)
      if (!docs?.length) return
      held.delete(host)
      await inTx(async () => checked(await t.collection(host).add(docs)), true)
    }
    const flush = async () => {
      for (const host of [...held.keys()]) await flushHost(host)
    }
    // Any other write to a member sends its host's held inserts first, so the writes reach the host in their order.
    const beforeWrite = (p: Place) => (p.tag ? flushHost(p.name) : Promise.resolve())
    const txGet = <T extends StoredDoc>(collection: string, id: string) =>
      inTx(async () => {
        const key = keyOf(collection, id)
        if (seen.has(key)) return copy<T>(seen.get(key)!)
        const p = placeOf(collection)
        // Inside a transaction the SDK answers `{data: doc | null}`, one object rather than a list.
        const res = checked(await t.collection(p.name).doc(idAt(p, id)).get())
        const data: unknown = res.data
        const doc = unstored<Doc>(p, (Array.isArray(data) ? data[0] : data) as Doc | undefined)
        seen.set(key, doc)
        return copy<T>(doc)
      })
    /** `insert` (one document, `one`) and `insertMany`: into a member held back, otherwise one `add` now. */
    const insertAll = async <T extends StoredDoc>(collection: string, docs: ReadonlyArray<NewDoc<T>>, one: boolean): Promise<T[]> => {
      const p = placeOf(collection)
      const list = docs.map((d) => newDoc<T>(collection, d))
      if (new Set(list.map((d) => d._id)).size !== list.length) throw new AppError('STORE_CONFLICT')
      if (!list.length) return []
      if (p.tag) {
        const into = held.get(p.name) ?? []
        // As the `add` would answer, but at once: an id held back already, or known here to be there.
        const ids = new Set(into.map((d) => d._id))
        if (list.some((d) => ids.has(idAt(p, d._id)) || seen.get(keyOf(collection, d._id)))) throw new AppError('STORE_CONFLICT')
        held.set(p.name, [...into, ...list.map((d) => stored(p, d as unknown as Doc))])
      } else {
        // One `add` of the list: one request (the SDK sends every document in one insertDocument).
        await inTx(async () => checked(await t.collection(p.name).add(one ? list[0]! : list)), true)
      }
      for (const d of list) seen.set(keyOf(collection, d._id), { ...(d as unknown as Doc) })
      return list
    }
    const tx: TxStore = {
      get: txGet,
      insert: async <T extends StoredDoc>(collection: string, doc: NewDoc<T>) => (await insertAll<T>(collection, [doc], true))[0]!,
      insertMany: <T extends StoredDoc>(collection: string, docs: ReadonlyArray<NewDoc<T>>) => insertAll<T>(collection, docs, false),
      update: async <T extends StoredDoc>(collection: string, id: string, expectedV: number, patch: Patch<T>) => {
        const p = placeOf(collection)
        const current = await txGet<T>(collection, id)
        if (!current || current._v !== expectedV) throw new AppError('STORE_CONFLICT')
        checkOwn(p, Object.keys(patch))
        const next = applyPatch(current, patch, expectedV + 1)
        // `set` replaces the document, so no deep-merge question arises; it refuses `_id` in the data.
        const { _id: _ignored, ...body } = stored(p, next as unknown as Doc)
        await beforeWrite(p)
        return inTx(async () => {
          checked(await t.collection(p.name).doc(idAt(p, id)).set(withoutUndefined(body)))
          seen.set(keyOf(collection, id), { ...(next as unknown as Doc) })
          return next
        })
      },
      increment: async <T extends StoredDoc>(collection: string, id: string, change: Increment<T>) => {
        const p = placeOf(collection)
        const key = keyOf(collection, id)
        const known = seen.get(key)
        const data = encodeIncrement(p, change)
        await beforeWrite(p)
        const create = async () => {
          const doc = applyIncrement<T>(null, id, change)
          await inTx(async () => {
            try {
              checked(await t.collection(p.name).add(stored(p, doc as unknown as Doc)))
            } catch (e) {
              // Created by another transaction since this one began: run the whole function again.
              if (isDuplicate(e)) throw new TxWriteConflict()
              throw e
            }
          })
          seen.set(key, { ...(doc as unknown as Doc) })
        }
        // Known missing in this attempt (read or removed here): create it at once.
        if (known === null) return create()
        const res = await inTx(async () => checked(await t.collection(p.name).doc(idAt(p, id)).update(data)))
        if (!res.updated) return create()
        // Known as read here: keep answering reads from it; otherwise the next read asks the database.
        if (known) seen.set(key, applyIncrement(known as unknown as T, id, change) as unknown as Doc)
        else seen.delete(key)
      },
      remove: async (collection: string, id: string, expectedV: number) => {
        const p = placeOf(collection)
        const current = await txGet(collection, id)
        if (!current || current._v !== expectedV) throw new AppError('STORE_CONFLICT')
        await beforeWrite(p)
        await inTx(async () => {
          checked(await t.collection(p.name).doc(idAt(p, id)).delete())
          seen.set(keyOf(collection, id), null)
        })
      },
    }
    return { tx, flush }
  }

  const pause = (attempt: number) =>
    new Promise<void>((resolve) => setTimeout(resolve, 10 * 2 ** (attempt - 1) + Math.floor(Math.random() * 10 * 2 ** (attempt - 1))))

  /** `where({_id, _v}).update(…)`: `updated: 0` is the conflict (the version moved, or the document is gone). */
  const writeAt = async <T extends StoredDoc>(collection: string, current: T, patch: Patch<T>): Promise<T> => {
    const p = placeOf(collection)
    const res = checked(
      await db
        .collection(p.name)
        .where({ _id: idAt(p, current._id), _v: current._v })
        .update(encodePatch(p, patch as Doc)),
    )
    if (!res.updated) throw new AppError('STORE_CONFLICT')
    return applyPatch(current, patch, current._v + 1)
  }

  /**
   * Keyset pagination on (field, _id) without OR. The cursor is base64url JSON `[lastSortValue, lastId]`.
   *  - ordered by `_id`: one query with `_id > lastId` (`<` for desc);
   *  - ordered by another field: the page after (v, id) is "field = v AND _id > id" followed by
   *    "field > v" (mirrored for desc). Two queries, each an index range, run in that order; the second
   *    only when the first did not fill the page. This is exact however long a run of equal values is,
   *    unlike fetching `field >= v` and skipping client-side (a run longer than the fetch would stall).
   *    MongoDB sorts null and missing values lowest but never matches them with `$gt/$lt`, so after a null
   *    (ascending) the second query is `field != null`, and descending a third query fetches the null run.
   *    A sort field must otherwise hold one type (numbers or strings), as range queries compare within one.
   * Each page asks for limit + 1 rows to know whether to return `next`. CloudBase returns at most 1000
   * rows per request, so a page of exactly 1000 returns `next` whenever it came back full. A member's cursor
   * holds its own ids (the rows are answered without the tag); the conditions made from it get the tag again.
   */
  const pageOf = async <T extends StoredDoc>(collection: string, options: FindOptions, join: readonly Join[]): Promise<Page<T>> => {
    const p = placeOf(collection)
    const limit = options.limit ?? DEFAULT_LIMIT
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw new AppError('REQUEST_INVALID', `每页最多 ${MAX_LIMIT} 条`)
    const field = options.orderBy?.field ?? '_id'
    checkField(field)
    checkOwn(p, [field])
    const dir: Dir = options.orderBy?.dir === 'desc' ? 'desc' : 'asc'
    const base = partsOfWhere(p, options.where)
    const after = options.after === undefined ? undefined : decodeCursor(options.after)
    const want = limit + 1
    const fullOrder: Array<[string, Dir]> = field === '_id' ? [['_id', dir]] : [[field, dir], ['_id', dir]]

    const rows: Doc[] = []
    let truncated = false
    const take = (f: Fetched) => {
      rows.push(...f.rows)
      truncated = truncated || f.truncated
    }
    if (!after) {
      take(await fetch(p, base, fullOrder, want, join))
    } else if (field === '_id') {
      take(await fetch(p, plus(base, '_id', beyond(dir, idAt(p, after[1]))), fullOrder, want, join))
    } else {
      const [value, lastId] = after
      // The rest of the run of rows sharing the last sort value (`$eq: null` also matches a missing field).
      const sameValue = plus(plus(base, field, _.eq(value)), '_id', beyond(dir, idAt(p, lastId)))
      take(await fetch(p, sameValue, [['_id', dir]], want, join))
      const next = beyond(dir, value)
      if (rows.length < want && !truncated && next !== undefined) {
        take(await fetch(p, plus(base, field, next), fullOrder, want - rows.length, join))
      }
      // Descending, null and missing values come last, but `$lt` never matches them (MongoDB compares
      // within one type): fetch that run on its own.
      if (dir === 'desc' && value !== null && rows.length < want && !truncated) {
        take(await fetch(p, plus(base, field, _.eq(null)), [['_id', dir]], want - rows.length, join))
      }
    }

    const items = rows.slice(0, limit) as T[]
    const last = items[items.length - 1] as (T & Doc) | undefined
    const more = rows.length > limit || truncated
    if (!more || !last) return { items }
    return { items, next: encodeCursor(field === '_id' ? last._id : last[field], last._id) }
  }

  /**
   * One page of an old member collection moved into its host (`moveIntoHosts`): each document not there yet is
   * added, one copied before and changed since in the old collection replaces its copy, and then each leaves the
   * old collection at the version copied. Answers how many left it, and whether all did: one changed meanwhile (a
   * function of the old version still running), or a move running at the same moment, is left to a later run.
   */
  const movePage = async (from: string, p: Place, rows: Doc[]): Promise<{ moved: number; whole: boolean }> => {
    const host = db.collection(p.name)
    const ids = rows.map((r) => idAt(p, r._id as string))
    const res = checked(await host.where({ _id: _.in(ids) }).field({ _id: true, _v: true }).limit(MOVE_PAGE).get())
    const there = new Map(((res.data ?? []) as Doc[]).map((d) => [d._id as string, Number(d._v)]))
    const missing = rows.filter((r) => !there.has(idAt(p, r._id as string)))
    if (missing.length) {
      try {
        checked(await host.add(missing.map((r) => stored(p, r))))
      } catch (e) {
        if (isDuplicate(e)) return { moved: 0, whole: false }
        throw e
      }
    }
    for (const r of rows) {
      const v = there.get(idAt(p, r._id as string))
      if (v === undefined || v >= Number(r._v)) continue
      const { _id, ...body } = stored(p, r)
      checked(await host.doc(_id as string).set(body))
    }
    const byVersion = new Map<number, string[]>()
    for (const r of rows) byVersion.set(Number(r._v), [...(byVersion.get(Number(r._v)) ?? []), r._id as string])
    let moved = 0
    for (const [v, old] of byVersion) {
      const removed = checked(await db.collection(from).where({ _id: _.in(old), _v: v }).remove())
      moved += Number(removed.deleted ?? 0)
    }
    return { moved, whole: moved === rows.length }
  }

  const store: Store = {
    get: (collection, id) => guard(() => getDoc(collection, id)),

    insert: async <T extends StoredDoc>(collection: string, doc: NewDoc<T>) => {
      const p = placeOf(collection)
      const created = newDoc<T>(collection, doc)
      return guard(async () => {
        try {
          checked(await db.collection(p.name).add(stored(p, created as unknown as Doc)))
        } catch (e) {
          if (isDuplicate(e)) throw new AppError('STORE_CONFLICT')
          throw e
        }
        return created
      })
    },

    update: <T extends StoredDoc>(collection: string, id: string, expectedV: number, patch: Patch<T>) =>
      guard(async () => {
        const current = await getDoc<T>(collection, id)
        if (!current || current._v !== expectedV) throw new AppError('STORE_CONFLICT')
        return writeAt(collection, current, patch)
      }),

    // The caller holds the document: the versioned write alone (one request), answered from what it holds.
    updateHeld: <T extends StoredDoc>(collection: string, held: T, patch: Patch<T>) => guard(() => writeAt(collection, held, patch)),

    // `where({_id: in(ids), _v}).update(…)` per version held: `updated` counts those still at it.
    updateHeldMany: <T extends StoredDoc>(collection: string, held: readonly T[], patch: Patch<T>) =>
      guard(async () => {
        const p = placeOf(collection)
        const data = encodePatch(p, patch as Doc)
        const byVersion = new Map<number, string[]>()
        for (const h of held) byVersion.set(h._v, [...(byVersion.get(h._v) ?? []), idAt(p, h._id)])
        let n = 0
        for (const [v, ids] of byVersion) {
          for (let i = 0; i < ids.length; i += MAX_LIMIT) {
            const res = checked(await db.collection(p.name).where({ _id: _.in(ids.slice(i, i + MAX_LIMIT)), _v: v }).update(data))
            n += Number(res.updated ?? 0)
          }
        }
        return n
      }),

    // One `where` update: the service checks the count and adds to it in the same step (ADR 0047).
    incrementBelow: (collection: string, id: string, field: string, limit: number) =>
      guard(async () => {
        const p = placeOf(collection)
        belowField(field)
        checkOwn(p, [field])
        const res = checked(await db.collection(p.name).where({ _id: idAt(p, id), [field]: _.lt(limit) }).update({ [field]: _.inc(1), _v: _.inc(1) }))
        return Number(res.updated ?? 0) === 1
      }),

    // Outside a transaction, in one of its own: a batch either lands whole or not at all.
    insertMany: <T extends StoredDoc>(collection: string, docs: ReadonlyArray<NewDoc<T>>) =>
      docs.length ? store.transaction((tx) => tx.insertMany<T>(collection, docs)) : Promise.resolve([]),

    increment: <T extends StoredDoc>(collection: string, id: string, change: Increment<T>) =>
      guard(async () => {
        const p = placeOf(collection)
        const data = encodeIncrement(p, change)
        for (let attempt = 1; ; attempt++) {
          const res = checked(await db.collection(p.name).doc(idAt(p, id)).update(data))
          if (res.updated) return
          try {
            checked(await db.collection(p.name).add(stored(p, applyIncrement<T>(null, id, change) as unknown as Doc)))
            return
          } catch (e) {
            // Someone created it between the two: add to theirs.
            if (!isDuplicate(e) || attempt >= 3) throw e
          }
        }
      }),

    remove: (collection: string, id: string, expectedV: number) =>
      guard(async () => {
        const p = placeOf(collection)
        const res = checked(await db.collection(p.name).where({ _id: idAt(p, id), _v: expectedV }).remove())
        if (!res.deleted) throw new AppError('STORE_CONFLICT')
      }),

    find: <T extends StoredDoc>(collection: string, options: FindOptions = {}) => guard(() => pageOf<T>(collection, options, [])),

    // The joins are checked before anything is sent (a bad one is the caller's mistake, not the store's). A join
    // from a member by its ids is refused: `$lookup` would match the ids as stored, and no caller needs one (ADR
    // 0050); by another field (`foreignField`, ADR 0055) it reads the host and keeps the member's own documents.
    findJoined: async <T extends StoredDoc, A extends string>(collection: string, options: FindJoinedOptions<A>) => {
      const { join, ...rest } = options
      const earlier: string[] = []
      for (const j of join) {
        joinPath(j, earlier)
        checkField(j.from)
        // From a member, by its ids (stored with the tag) or into a nested path, no caller needs: refused.
        if (placeOf(j.from).tag && (!j.foreignField || j.foreignField === '_id' || j.as.includes('.')))
          throw new Error(`store: a join from ${j.from} by its ids is not supported: on CloudBase it is kept in ${placeOf(j.from).name}`)
        earlier.push(j.as)
      }
      return (await guard(() => pageOf<T>(collection, rest, join))) as Page<Joined<T, A>>
    },

    /** With `upTo`: one request for at most that many ids (the field projection keeps the answer small). */
    count: (collection, where, options = {}) =>
      guard(async () => {
        const p = placeOf(collection)
        const upTo = options.upTo
        if (upTo !== undefined) {
          if (!Number.isInteger(upTo) || upTo < 1 || upTo > MAX_LIMIT) throw new AppError('REQUEST_INVALID', `最多数到 ${MAX_LIMIT} 条`)
          const res = checked(await db.collection(p.name).where(toQuery(partsOfWhere(p, where))).field({ _id: true }).limit(upTo).get())
          return ((res.data ?? []) as unknown[]).length
        }
        const res = checked(await db.collection(p.name).where(toQuery(partsOfWhere(p, where))).count())
        return Number(res.total ?? 0)
      }),

    /**
     * Runs `fn` in a CloudBase transaction. On DATABASE_TRANSACTION_CONFLICT (from an operation or the
     * commit) the whole function runs again, up to TX_ATTEMPTS times, so `fn` must be safe to repeat. The SDK
     * is told not to retry itself (`times` 0): it then aborts the failed attempt, releasing its locks, before
     * this loop starts the next one. A version mismatch (STORE_CONFLICT from `update`) is never retried: it
     * needs the person to look again. Errors thrown by `fn` itself come out unchanged. When `fn` has returned,
     * the inserts into members it made are sent, in one `add` per host, before the commit (ADR 0050); a new attempt
     * starts with none held.
     */
    transaction: async <R>(fn: (tx: TxStore) => Promise<R>): Promise<R> => {
      for (let attempt = 1; ; attempt++) {
        const fromFn: { error?: unknown } = {}
        try {
          const result: unknown = await db.runTransaction(async (t: TxHandle) => {
            try {
              const { tx, flush } = txStoreOf(t)
              const out = await fn(tx)
              await flush()
              return out
            } catch (e) {
              fromFn.error = e
              throw e
            }
          }, 0)
          return result as R
        } catch (e) {
          const conflict = e instanceof TxWriteConflict || (e !== fromFn.error && isTxConflict(e))
          if (conflict) {
            if (attempt < TX_ATTEMPTS) {
              await pause(attempt)
              continue
            }
            throw new AppError('STORE_CONFLICT')
          }
          if ('error' in fromFn && e === fromFn.error) throw e
          throw e instanceof AppError ? e : unavailable(e)
        }
      }
    },

    /**
     * ADR 0050: each member's documents stored in its own collection before it had a host, moved into the host, a
     * page at a time, members in their declared order (each one's `movesFirst` documents before its others), while
     * `budgetMs` lasts. A member collection that is not there (a new environment) has nothing to move.
     */
    moveIntoHosts: (budgetMs: number) =>
      guard(async () => {
        const started = performance.now()
        let moved = 0
        let finished = true
        for (const h of hosts)
          for (const m of h.members) {
            const p: Place = { name: h.host, tag: m.tag }
            for (const where of m.movesFirst ? [m.movesFirst, {}] : [{}]) {
              // Within one run, past the documents it could not move (changed meanwhile): a later run takes them.
              let after: string | undefined
              for (;;) {
                if (performance.now() - started > budgetMs) return { moved, finished: false }
                let rows: Doc[]
                try {
                  const q = after === undefined ? { ...where } : { ...where, _id: _.gt(after) }
                  rows = (checked(await db.collection(m.collection).where(q).orderBy('_id', 'asc').limit(MOVE_PAGE).get()).data ?? []) as Doc[]
                } catch (e) {
                  if (codeOf(e) === 'DATABASE_COLLECTION_NOT_EXIST') break
                  throw e
                }
                if (!rows.length) break
                after = rows[rows.length - 1]!._id as string
                const page = await movePage(m.collection, p, rows)
                moved += page.moved
                finished = finished && page.whole
              }
            }
          }
        return { moved, finished }
      }),

    close: async () => {
      // Nothing to release: the SDK opens a request per call.
    },
  }
  return store
}
