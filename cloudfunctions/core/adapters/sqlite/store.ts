import { AsyncLocalStorage } from 'node:async_hooks'
import Database from 'better-sqlite3'
import { AppError } from '../../../../types/errors'
import { INDEXES, queryableFields, type IndexSpec } from '../../ports/collections'
import {
  applyIncrement,
  applyIncrementTo,
  DEFAULT_LIMIT,
  MAX_LIMIT,
  type Condition,
  type FindJoinedOptions,
  type FindOptions,
  idsNamed,
  type Increment,
  type Joined,
  joinPath,
  type NewDoc,
  type Page,
  type Patch,
  type Store,
  type StoredDoc,
  type TxStore,
  type Where,
} from '../../ports/store'
import { Mutex } from './mutex'

/**
 * The embedded store: one table per collection (`_id`, `_v`, `doc` JSON), expression indexes on the fields
 * named in INDEXES, WAL. Transactions are `BEGIN IMMEDIATE` behind an async mutex (D18): better-sqlite3's own
 * `transaction()` cannot await, and our handlers are async.
 */
export interface SqliteStoreOptions {
  file: string
  indexes?: IndexSpec[]
}

type Row = { _id: string; _v: number; doc: string }
type SqlValue = string | number | null

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/

const column = (field: string): string => {
  if (!IDENT.test(field)) throw new AppError('REQUEST_INVALID', `字段名不合法：${field}`)
  return field === '_id' ? '_id' : `json_extract(doc, '$.${field}')`
}

/** SQLite has no boolean: JSON true/false extract as 1/0. */
const sqlValue = (v: unknown): SqlValue => {
  if (typeof v === 'boolean') return v ? 1 : 0
  if (v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number' || v === null) return v
  throw new AppError('REQUEST_INVALID', '查询条件只能是文字、数字或是非')
}

export const encodeCursor = (sortValue: unknown, id: string): string =>
  Buffer.from(JSON.stringify([sortValue ?? null, id])).toString('base64url')

export const decodeCursor = (cursor: string): [SqlValue, string] => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      return [sqlValue(parsed[0]), parsed[1]]
    }
  } catch {
    /* fall through */
  }
  throw new AppError('REQUEST_INVALID', '翻页参数不对，请刷新后再试')
}

export const createSqliteStore = (options: SqliteStoreOptions): Store => {
  const indexes = options.indexes ?? INDEXES
  const db = new Database(options.file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  const known = new Set<string>()
  // Statements are prepared once per SQL text: preparing one costs more than running it (every expression index
  // of the table is planned), and a store runs the same few dozen statements all day.
  const statements = new Map<string, Database.Statement>()
  const statement = (text: string): Database.Statement => {
    let s = statements.get(text)
    if (!s) statements.set(text, (s = db.prepare(text)))
    return s
  }
  const mutex = new Mutex()
  // Inside a transaction only its own operations may be used: the store's would wait for the transaction
  // to end, which waits for them. Fail loudly instead of hanging.
  const inTransaction = new AsyncLocalStorage<boolean>()
  const outside = <T>(fn: () => Promise<T>): Promise<T> => {
    if (inTransaction.getStore()) return Promise.reject(new Error('store: inside a transaction, use the transaction’s own get/insert/update/remove'))
    return mutex.run(fn)
  }

  const table = (collection: string): string => {
    if (!IDENT.test(collection)) throw new AppError('REQUEST_INVALID', `集合名不合法：${collection}`)
    if (!known.has(collection)) {
      db.exec(`CREATE TABLE IF NOT EXISTS "${collection}" (_id TEXT PRIMARY KEY, _v INTEGER NOT NULL, doc TEXT NOT NULL)`)
      for (const ix of indexes.filter((i) => i.collection === collection)) {
        // `_id` ends every index: a page is ordered by its field and then `_id`, and the index gives both, so a
        // page reads only its rows instead of sorting every row with the same value (keyset pagination).
        const fields = ix.fields.includes('_id') ? ix.fields : [...ix.fields, '_id']
        const name = `ix_${collection}_${fields.join('_')}`
        db.exec(`CREATE INDEX IF NOT EXISTS "${name}" ON "${collection}" (${fields.map(column).join(', ')})`)
      }
      known.add(collection)
    }
    return `"${collection}"`
  }
  for (const c of new Set(indexes.map((i) => i.collection))) table(c)

  // The statements of the document operations, per collection, each prepared on first use: an operation looks
  // them up by collection, without building and hashing its SQL text each time.
  type DocStatements = { get: Database.Statement; insert: Database.Statement; update: Database.Statement; put: Database.Statement; remove: Database.Statement }
  const docStatements = new Map<string, DocStatements>()
  const ops = (collection: string): DocStatements => {
    let s = docStatements.get(collection)
    if (!s) {
      const t = table(collection)
      const lazy = (text: string) => () => statement(text)
      const sql = {
        get: lazy(`SELECT _id, _v, doc FROM ${t} WHERE _id = ?`),
        insert: lazy(`INSERT INTO ${t} (_id, _v, doc) VALUES (?, 1, ?)`),
        update: lazy(`UPDATE ${t} SET _v = ?, doc = ? WHERE _id = ? AND _v = ?`),
        put: lazy(`UPDATE ${t} SET _v = ?, doc = ? WHERE _id = ?`),
        remove: lazy(`DELETE FROM ${t} WHERE _id = ? AND _v = ?`),
      }
      const made: Partial<DocStatements> = {}
      s = {} as DocStatements
      for (const k of Object.keys(sql) as Array<keyof DocStatements>) Object.defineProperty(s, k, { get: () => (made[k] ??= sql[k]()) })
      docStatements.set(collection, s)
    }
    return s
  }

  // The document as stored, with its id and version (the parsed object is this call's own: no second copy).
  const parse = <T>(row: Row | undefined): T | null => {
    if (!row) return null
    const doc = JSON.parse(row.doc) as Record<string, unknown>
    doc._id = row._id
    doc._v = row._v
    return doc as T
  }

  const serialise = (doc: Record<string, unknown>): string => {
    const { _id: _ignoredId, _v: _ignoredV, ...rest } = doc
    return JSON.stringify(rest)
  }

  const queryable = new Map<string, Set<string>>()
  const checkFields = (collection: string, fields: string[]) => {
    let allowed = queryable.get(collection)
    if (!allowed) queryable.set(collection, (allowed = queryableFields(collection, indexes)))
    for (const f of fields) {
      // A query on a field no index names would be a full scan in the cloud: refuse it here so tests catch it.
      if (!allowed.has(f)) throw new Error(`store: ${collection}.${f} has no index declared in collections.ts`)
    }
  }

  const compile = (collection: string, where: Where = {}): { sql: string; params: SqlValue[] } => {
    checkFields(collection, Object.keys(where))
    const parts: string[] = []
    const params: SqlValue[] = []
    for (const [field, cond] of Object.entries(where)) {
      const col = column(field)
      addCondition(col, cond, parts, params)
    }
    return { sql: parts.length ? parts.join(' AND ') : '1', params }
  }

  const getSync = <T extends StoredDoc>(collection: string, id: string): T | null =>
    parse<T>(ops(collection).get.get(id) as Row | undefined)

  const insertSync = <T extends StoredDoc>(collection: string, doc: NewDoc<T>): T => {
    const id = (doc as { _id?: unknown })._id
    if (typeof id !== 'string' || !id) throw new Error('store: insert needs a string _id')
    try {
      ops(collection).insert.run(id, serialise(doc as Record<string, unknown>))
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new AppError('STORE_CONFLICT')
      throw e
    }
    return { ...(doc as object), _id: id, _v: 1 } as T
  }

  const updateSync = <T extends StoredDoc>(collection: string, id: string, expectedV: number, patch: Patch<T>): T => {
    const current = getSync<T>(collection, id)
    if (!current || current._v !== expectedV) throw new AppError('STORE_CONFLICT')
    const next = current as unknown as Record<string, unknown>
    for (const [k, v] of Object.entries(patch)) {
      if (k === '_id' || k === '_v') continue
      if (v === undefined) delete next[k]
      else next[k] = v
    }
    next._v = expectedV + 1
    const res = ops(collection).update.run(expectedV + 1, serialise(next), id, expectedV)
    if (res.changes !== 1) throw new AppError('STORE_CONFLICT')
    return next as T
  }

  const removeSync = (collection: string, id: string, expectedV: number): void => {
    const res = ops(collection).remove.run(id, expectedV)
    if (res.changes !== 1) throw new AppError('STORE_CONFLICT')
  }

  /** Read and write in one synchronous step: nothing else runs on this connection in between. */
  const incrementSync = <T extends StoredDoc>(collection: string, id: string, change: Increment<T>): void => {
    const current = getSync<T>(collection, id)
    // The document as read is this call's own copy: added to where it is, not copied again.
    const next = current ? applyIncrementTo(current, change) : applyIncrement(null, id, change)
    if (current) ops(collection).put.run(next._v, serialise(next as unknown as Record<string, unknown>), id)
    else insertSync(collection, next as NewDoc<T>)
  }

  /** Inside a transaction already: a failed insert fails the transaction, which writes nothing. */
  const insertManySync = <T extends StoredDoc>(collection: string, docs: ReadonlyArray<NewDoc<T>>): T[] => docs.map((d) => insertSync<T>(collection, d))

  const findSync = <T extends StoredDoc>(collection: string, opts: FindOptions = {}): Page<T> => {
    const limit = opts.limit ?? DEFAULT_LIMIT
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw new AppError('REQUEST_INVALID', `每页最多 ${MAX_LIMIT} 条`)
    const { sql, params } = compile(collection, opts.where)
    const orderField = opts.orderBy?.field ?? '_id'
    checkFields(collection, [orderField])
    const dir = opts.orderBy?.dir === 'desc' ? 'DESC' : 'ASC'
    const col = column(orderField)
    let keyset = ''
    const keyParams: SqlValue[] = []
    if (opts.after) {
      const [value, id] = decodeCursor(opts.after)
      const op = dir === 'DESC' ? '<' : '>'
      if (orderField === '_id') {
        keyset = ` AND _id ${op} ?`
        keyParams.push(id)
      } else if (value === null) {
        // SQLite sorts NULL lowest: ascending, every non-null row is still ahead; descending, only nulls are.
        keyset = dir === 'DESC' ? ` AND (${col} IS NULL AND _id < ?)` : ` AND ((${col} IS NULL AND _id > ?) OR ${col} IS NOT NULL)`
        keyParams.push(id)
      } else {
        const nulls = dir === 'DESC' ? ` OR ${col} IS NULL` : ''
        keyset = ` AND (${col} ${op} ? OR (${col} = ? AND _id ${op} ?)${nulls})`
        keyParams.push(value, value, id)
      }
    }
    const order = orderField === '_id' ? `_id ${dir}` : `${col} ${dir}, _id ${dir}`
    const rows = statement(`SELECT _id, _v, doc FROM ${table(collection)} WHERE ${sql}${keyset} ORDER BY ${order} LIMIT ?`)
      .all(...params, ...keyParams, limit + 1) as Row[]
    const items = rows.slice(0, limit).map((r) => parse<T>(r) as T)
    const last = items[items.length - 1]
    const next =
      rows.length > limit && last
        ? encodeCursor(orderField === '_id' ? last._id : (last as unknown as Record<string, unknown>)[orderField], last._id)
        : undefined
    return next ? { items, next } : { items }
  }

  /** The documents of `collection` with these ids, each parsed anew (every document found gets its own copies). */
  const rowsById = (collection: string, ids: readonly string[]): Map<string, Row> => {
    const out = new Map<string, Row>()
    const t = table(collection)
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500)
      for (const r of statement(`SELECT _id, _v, doc FROM ${t} WHERE _id IN (${part.map(() => '?').join(', ')})`).all(...part) as Row[]) out.set(r._id, r)
    }
    return out
  }

  const txStore: TxStore = {
    get: async <T extends StoredDoc>(c: string, id: string) => getSync<T>(c, id),
    insert: async (c, doc) => insertSync(c, doc),
    insertMany: async (c, docs) => insertManySync(c, docs),
    update: async (c, id, v, patch) => updateSync(c, id, v, patch),
    remove: async (c, id, v) => removeSync(c, id, v),
    increment: async (c, id, change) => incrementSync(c, id, change),
  }

  const store: Store = {
    // Single statements outside a transaction still wait for a running transaction, so they never
    // observe its half-done writes from this connection.
    get: <T extends StoredDoc>(c: string, id: string) => outside(async () => getSync<T>(c, id)),
    insert: (c, doc) => outside(async () => insertSync(c, doc)),
    insertMany: (c, docs) =>
      outside(async () => {
        db.exec('BEGIN IMMEDIATE')
        try {
          const out = insertManySync(c, docs)
          db.exec('COMMIT')
          return out
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK')
          throw e
        }
      }),
    update: (c, id, v, patch) => outside(async () => updateSync(c, id, v, patch)),
    updateHeld: (c, held, patch) => outside(async () => updateSync(c, held._id, held._v, patch)),
    // One commit for them all (each its own would write the same pages again); each is still updated or left
    // on its own, and those updated before a failure stay written, as when each was committed by itself.
    updateHeldMany: (c, held, patch) =>
      outside(async () => {
        let n = 0
        if (held.length > 1) db.exec('BEGIN IMMEDIATE')
        try {
          for (const h of held) {
            try {
              updateSync(c, h._id, h._v, patch)
              n++
            } catch (e) {
              if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
            }
          }
        } finally {
          if (db.inTransaction) db.exec('COMMIT')
        }
        return n
      }),
    remove: (c, id, v) => outside(async () => removeSync(c, id, v)),
    increment: (c, id, change) => outside(async () => incrementSync(c, id, change)),

    find: <T extends StoredDoc>(collection: string, opts: FindOptions = {}) => outside(async () => findSync<T>(collection, opts)),

    // The page and every join in one synchronous step on the one connection: nothing is written in between.
    findJoined: <T extends StoredDoc, A extends string>(collection: string, opts: FindJoinedOptions<A>) =>
      outside(async (): Promise<Page<Joined<T, A>>> => {
        const { join, ...options } = opts
        const page = findSync<T>(collection, options)
        const items = page.items as unknown as Array<Record<string, unknown>>
        const earlier: string[] = []
        for (const j of join) {
          const path = joinPath(j, earlier)
          const named = items.map((d) => [...new Set(idsNamed(d, path).filter((v): v is string => typeof v === 'string'))])
          const rows = rowsById(j.from, [...new Set(named.flat())])
          items.forEach((d, i) => {
            d[j.as] = named[i]!.flatMap((id) => {
              const r = rows.get(id)
              return r ? [parse<StoredDoc>(r)!] : []
            })
          })
          earlier.push(j.as)
        }
        return page as unknown as Page<Joined<T, A>>
      }),

    count: (collection, where, options = {}) =>
      outside(async () => {
        const { sql, params } = compile(collection, where)
        const upTo = options.upTo
        if (upTo !== undefined && (!Number.isInteger(upTo) || upTo < 1 || upTo > MAX_LIMIT))
          throw new AppError('REQUEST_INVALID', `最多数到 ${MAX_LIMIT} 条`)
        const row = (
          upTo === undefined
            ? statement(`SELECT COUNT(*) AS n FROM ${table(collection)} WHERE ${sql}`).get(...params)
            : statement(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${table(collection)} WHERE ${sql} LIMIT ?)`).get(...params, upTo)
        ) as { n: number }
        return row.n
      }),

    transaction: (fn) =>
      outside(async () => {
        db.exec('BEGIN IMMEDIATE')
        try {
          const result = await inTransaction.run(true, () => fn(txStore))
          db.exec('COMMIT')
          return result
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK')
          throw e
        }
      }),

    close: async () => {
      await mutex.run(async () => db.close())
    },
  }
  return store
}

const addCondition = (col: string, cond: Condition, parts: string[], params: SqlValue[]) => {
  if (cond === null) {
    parts.push(`${col} IS NULL`)
    return
  }
  if (typeof cond !== 'object') {
    parts.push(`${col} = ?`)
    params.push(sqlValue(cond))
    return
  }
  if ('$in' in cond) {
    if (!Array.isArray(cond.$in)) throw new AppError('REQUEST_INVALID')
    if (cond.$in.length === 0) {
      parts.push('0')
      return
    }
    parts.push(`${col} IN (${cond.$in.map(() => '?').join(', ')})`)
    params.push(...cond.$in.map(sqlValue))
    return
  }
  if ('$ne' in cond) {
    if (cond.$ne === null) parts.push(`${col} IS NOT NULL`)
    else {
      parts.push(`(${col} IS NULL OR ${col} <> ?)`)
      params.push(sqlValue(cond.$ne))
    }
    return
  }
  const ops: Array<[keyof typeof cond, string]> = [
    ['$gt', '>'],
    ['$gte', '>='],
    ['$lt', '<'],
    ['$lte', '<='],
  ]
  let any = false
  for (const [key, op] of ops) {
    const v = (cond as Record<string, unknown>)[key]
    if (v === undefined) continue
    parts.push(`${col} ${op} ?`)
    params.push(sqlValue(v))
    any = true
  }
  if (!any) throw new AppError('REQUEST_INVALID', '查询条件不认识')
}
