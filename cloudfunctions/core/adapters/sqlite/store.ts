import { AsyncLocalStorage } from 'node:async_hooks'
import Database from 'better-sqlite3'
import { AppError } from '../../../../types/errors'
import { INDEXES, queryableFields, type IndexSpec } from '../../ports/collections'
import {
  applyIncrement,
  applyIncrementTo,
  belowField,
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
  // BEGIN, COMMIT and ROLLBACK prepared once too (`exec` compiles its text on every call).
  const begin = db.prepare('BEGIN IMMEDIATE')
  const commit = db.prepare('COMMIT')
  const rollback = db.prepare('ROLLBACK')
  const mutex = new Mutex()
  // Inside a transaction the store's writes may not be used: they would wait for the transaction to end, which
  // waits for them. Fail loudly instead of hanging. Its reads run at once, on the connection the transaction
  // holds (nothing else runs on it meanwhile): a handler reads what it needs to decide while its transaction is
  // open (ADR 0049), as it may on CloudBase.
  const inTransaction = new AsyncLocalStorage<boolean>()
  const outside = <T>(fn: () => Promise<T>): Promise<T> => {
    if (inTransaction.getStore()) return Promise.reject(new Error('store: inside a transaction, use the transaction’s own get/insert/update/remove'))
    return mutex.run(fn)
  }
  const reading = <T>(fn: () => Promise<T>): Promise<T> => (inTransaction.getStore() ? fn() : mutex.run(fn))

  const table = (collection: string): string => {
    if (!IDENT.test(collection)) throw new AppError('REQUEST_INVALID', `集合名不合法：${collection}`)
    if (!known.has(collection)) {
      db.exec(`CREATE TABLE IF NOT EXISTS "${collection}" (_id TEXT PRIMARY KEY, _v INTEGER NOT NULL, doc TEXT NOT NULL)`)
      for (const ix of indexes.filter((i) => i.collection === collection)) {
        // `_id` ends every index: a page is ordered by its field and then `_id`, and the index gives both, so a
        // page reads only its rows instead of sorting every row with the same value (keyset pagination).
        const fields = ix.fields.includes('_id') ? ix.fields : [...ix.fields, '_id']
        const name = `ix_${collection}_${fields.join('_')}`
        if (ix.sparse) {
          // A partial index of the documents that have the first field (collections.ts `sparse`); a database made
          // before it had the whole index under the plain name, dropped here.
          db.exec(`DROP INDEX IF EXISTS "${name}"`)
          db.exec(`CREATE INDEX IF NOT EXISTS "${name}_set" ON "${collection}" (${fields.map(column).join(', ')}) WHERE ${column(fields[0]!)} IS NOT NULL`)
        } else db.exec(`CREATE INDEX IF NOT EXISTS "${name}" ON "${collection}" (${fields.map(column).join(', ')})`)
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

  // The document's JSON without its id and version (they are columns). The two usual shapes are cut from the text
  // instead of copying the document without them first: a new document's `_id` as its first field, a read one's
  // `_id` and `_v` as its last two (as `parse` sets them). Either cut is exactly the text of the rest.
  const serialise = (doc: Record<string, unknown>): string => {
    const id = doc._id
    if (typeof id === 'string') {
      const text = JSON.stringify(doc)
      const idJson = JSON.stringify(id)
      if (!('_v' in doc)) {
        const head = `{"_id":${idJson}`
        if (text.startsWith(head)) return text.length === head.length + 1 ? '{}' : `{${text.slice(head.length + 1)}`
      } else if (typeof doc._v === 'number') {
        const tail = `"_id":${idJson},"_v":${JSON.stringify(doc._v)}}`
        if (text.endsWith(tail)) {
          const before = text.length - tail.length - 1
          if (text[before] === ',') return `${text.slice(0, before)}}`
          if (before === 0) return '{}'
        }
      }
    }
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

  /**
   * `updateHeld`'s write: the patch applied to the stored JSON by SQLite (`json_set` of the fields it sets,
   * `json_remove` of those it takes away), guarded by the version — no read of the row, no parse and no new JSON
   * text of the whole document in JavaScript. SQLite keeps the rest of the text as it was and adds a new field at
   * the end, as setting it on the parsed document would: the text is the same, byte for byte (test/store-contract).
   * (Not for `update`, which answers the document as stored: for the large documents, a cluster's entries, SQLite's
   * JSON functions plus reading the row back cost more than the read, parse and write in JavaScript.) A patch
   * naming a field that is not a plain name is left to `updateSync`.
   */
  type PatchPlan = { sql: string; values: SqlValue[] }
  const patchPlans = new Map<string, string>()
  const planPatch = (collection: string, patch: Record<string, unknown>, where: string): PatchPlan | null => {
    const set: string[] = []
    const removed: string[] = []
    const values: SqlValue[] = []
    for (const [k, v] of Object.entries(patch)) {
      if (k === '_id' || k === '_v') continue
      if (!IDENT.test(k)) return null
      if (v === undefined) removed.push(k)
      else {
        set.push(k)
        values.push(JSON.stringify(v) ?? 'null')
      }
    }
    const key = `${collection}|${where}|${set.join(',')}|${removed.join(',')}`
    let sql = patchPlans.get(key)
    if (!sql) {
      let expr = 'doc'
      if (set.length) expr = `json_set(${expr}, ${set.map((k) => `'$.${k}', json(?)`).join(', ')})`
      if (removed.length) expr = `json_remove(${expr}, ${removed.map((k) => `'$.${k}'`).join(', ')})`
      patchPlans.set(key, (sql = `UPDATE ${table(collection)} SET _v = _v + 1, doc = ${expr} WHERE ${where}`))
    }
    return { sql, values }
  }

  /** `updateHeld`: the same write, answered from the document held (it is the stored one at that version) with the patch, without reading it back. */
  const updateHeldSync = <T extends StoredDoc>(collection: string, held: T, patch: Patch<T>): T => {
    const plan = planPatch(collection, patch as Record<string, unknown>, '_id = ? AND _v = ?')
    if (!plan) return updateSync(collection, held._id, held._v, patch)
    if (statement(plan.sql).run(...plan.values, held._id, held._v).changes !== 1) throw new AppError('STORE_CONFLICT')
    const next = { ...held } as Record<string, unknown>
    for (const [k, v] of Object.entries(patch)) {
      if (k === '_id' || k === '_v') continue
      if (v === undefined) delete next[k]
      else next[k] = v
    }
    next._v = held._v + 1
    return next as T
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
    // The limit is written into the statement (an integer, checked above), not bound: the planner reads a
    // bound LIMIT's value (sqlite3ExprIsInteger marks the parameter), so binding it again expires the
    // statement and SQLite prepares it afresh at its next step, on every call — tens of microseconds, more
    // than the lookup itself. One statement per limit asked for, kept like the others.
    const rows = statement(`SELECT _id, _v, doc FROM ${table(collection)} WHERE ${sql}${keyset} ORDER BY ${order} LIMIT ${limit + 1}`)
      .all(...params, ...keyParams) as Row[]
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

  /** The rows whose top-level `field` is one of `values`, grouped by that value (a join's `foreignField`). */
  const rowsWhereIn = (collection: string, field: string, values: readonly string[]): Map<string, Row[]> => {
    const out = new Map<string, Row[]>()
    const t = table(collection)
    const col = column(field)
    for (let i = 0; i < values.length; i += 500) {
      const part = values.slice(i, i + 500)
      const rows = statement(`SELECT _id, _v, doc, ${col} AS k FROM ${t} WHERE ${col} IN (${part.map(() => '?').join(', ')})`).all(...part) as Array<Row & { k: string }>
      for (const r of rows) out.set(r.k, [...(out.get(r.k) ?? []), r])
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
    get: <T extends StoredDoc>(c: string, id: string) => reading(async () => getSync<T>(c, id)),
    insert: (c, doc) => outside(async () => insertSync(c, doc)),
    insertMany: (c, docs) =>
      outside(async () => {
        begin.run()
        try {
          const out = insertManySync(c, docs)
          commit.run()
          return out
        } catch (e) {
          if (db.inTransaction) rollback.run()
          throw e
        }
      }),
    update: (c, id, v, patch) => outside(async () => updateSync(c, id, v, patch)),
    updateHeld: (c, held, patch) => outside(async () => updateHeldSync(c, held, patch)),
    // One statement per version held among them (as on CloudBase), the ids as a JSON array: each row is updated
    // only at its version, one whose version moved or that is gone is left as it is. Several versions commit
    // together (each its own commit would write the same pages again).
    updateHeldMany: (c, held, patch) =>
      outside(async () => {
        const plan = planPatch(c, patch as Record<string, unknown>, '_v = ? AND _id IN (SELECT value FROM json_each(?))')
        const byVersion = new Map<number, string[]>()
        for (const h of held) byVersion.set(h._v, [...(byVersion.get(h._v) ?? []), h._id])
        let n = 0
        if (byVersion.size > 1 || (!plan && held.length > 1)) begin.run()
        try {
          if (plan) for (const [v, ids] of byVersion) n += statement(plan.sql).run(...plan.values, v, JSON.stringify(ids)).changes
          else
            for (const h of held) {
              try {
                updateSync(c, h._id, h._v, patch)
                n++
              } catch (e) {
                if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
              }
            }
        } finally {
          if (db.inTransaction) commit.run()
        }
        return n
      }),
    remove: (c, id, v) => outside(async () => removeSync(c, id, v)),
    increment: (c, id, change) => outside(async () => incrementSync(c, id, change)),
    // Read, checked and written in one synchronous step: nothing else runs on this connection in between.
    incrementBelow: (c, id, field, limit) =>
      outside(async () => {
        belowField(field)
        const current = getSync<StoredDoc & Record<string, unknown>>(c, id)
        const n = current?.[field]
        if (!current || typeof n !== 'number' || n >= limit) return false
        const next = applyIncrementTo(current, { by: { [field]: 1 }, create: {} })
        ops(c).put.run(next._v, serialise(next as unknown as Record<string, unknown>), id)
        return true
      }),

    find: <T extends StoredDoc>(collection: string, opts: FindOptions = {}) => reading(async () => findSync<T>(collection, opts)),

    // The page and every join in one synchronous step on the one connection: nothing is written in between.
    findJoined: <T extends StoredDoc, A extends string>(collection: string, opts: FindJoinedOptions<A>) =>
      reading(async (): Promise<Page<Joined<T, A>>> => {
        const { join, ...options } = opts
        const page = findSync<T>(collection, options)
        const items = page.items as unknown as Array<Record<string, unknown>>
        const earlier: string[] = []
        for (const j of join) {
          const path = joinPath(j, earlier)
          const named = items.map((d) => [...new Set(idsNamed(d, path).filter((v): v is string => typeof v === 'string'))])
          const wanted = [...new Set(named.flat())]
          if (j.foreignField && j.foreignField !== '_id') {
            // The documents whose field holds one of the ids, by its index (ADR 0055); each once per document found.
            const byValue = rowsWhereIn(j.from, j.foreignField, wanted)
            items.forEach((d, i) => {
              d[j.as] = [...new Map(named[i]!.flatMap((id) => byValue.get(id) ?? []).map((r) => [r._id, r])).values()].map((r) => parse<StoredDoc>(r)!)
            })
          } else {
            const rows = rowsById(j.from, wanted)
            items.forEach((d, i) => {
              d[j.as] = named[i]!.flatMap((id) => {
                const r = rows.get(id)
                return r ? [parse<StoredDoc>(r)!] : []
              })
            })
          }
          earlier.push(j.as)
        }
        return page as unknown as Page<Joined<T, A>>
      }),

    count: (collection, where, options = {}) =>
      reading(async () => {
        const { sql, params } = compile(collection, where)
        const upTo = options.upTo
        if (upTo !== undefined && (!Number.isInteger(upTo) || upTo < 1 || upTo > MAX_LIMIT))
          throw new AppError('REQUEST_INVALID', `最多数到 ${MAX_LIMIT} 条`)
        // `upTo` written into the statement, as `find`'s limit.
        const row = (
          upTo === undefined
            ? statement(`SELECT COUNT(*) AS n FROM ${table(collection)} WHERE ${sql}`).get(...params)
            : statement(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${table(collection)} WHERE ${sql} LIMIT ${upTo})`).get(...params)
        ) as { n: number }
        return row.n
      }),

    transaction: (fn) =>
      outside(async () => {
        begin.run()
        try {
          const result = await inTransaction.run(true, () => fn(txStore))
          commit.run()
          return result
        } catch (e) {
          if (db.inTransaction) rollback.run()
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
