/**
 * The document-store port. Two adapters implement it: SQLite (embedded default, local host and tests) and
 * CloudBase (the cloud). One contract suite (test/store-contract) runs against both.
 *
 * Semantics both adapters keep:
 *  - every document has `_id` (string) and `_v` (version, 1 on insert, +1 on every update);
 *  - `where` matches top-level fields only: equality, `$in`, `$ne`, and ranges; conditions are ANDed;
 *  - `find` orders by one field (ascending or descending) with `_id` as the tie-break, pages by an opaque
 *    cursor (`after`), limit ≤ 1000 (default 100);
 *  - `update` replaces the named top-level fields (never deep-merges) and only when `_v` still equals the
 *    version the caller read; otherwise it throws AppError('STORE_CONFLICT') and changes nothing;
 *  - `insert` of an existing `_id` throws AppError('STORE_CONFLICT'); `remove` is versioned like `update`;
 *  - `transaction` runs a function with document operations only (get/insert/update by id, and `increment`),
 *    commits all or nothing, and retries it on the store's own write conflicts. The function may also use the
 *    store's own reads (`get`, `find`, `findJoined`, `count`), not its writes: on CloudBase they read what is
 *    committed, on SQLite also what the transaction has written, so they are for what is read before writing
 *    (ADR 0049);
 *  - `findJoined` is `find` with, on each document found, the documents of other collections it names by id,
 *    read in the same request (ADR 0040).
 */

export type Scalar = string | number | boolean | null

export interface Range {
  $gt?: number | string
  $gte?: number | string
  $lt?: number | string
  $lte?: number | string
}
export type Condition = Scalar | { $in: Scalar[] } | { $ne: Scalar } | Range
export type Where = Record<string, Condition>

export interface FindOptions {
  where?: Where
  orderBy?: { field: string; dir: 'asc' | 'desc' }
  limit?: number
  /** The `next` cursor of the previous page. */
  after?: string
}

/**
 * One join of `findJoined` (ADR 0040): each document found gets, in its field `as`, the documents of `from` whose
 * `_id` its `localField` names, as MongoDB's `$lookup` with `foreignField: '_id'` does. `localField` is a top-level
 * field (an id, or a list of ids), or `<as of an earlier join>.<field>`: every id the documents joined there hold
 * in that field (ids and lists of ids alike). A missing field, or an id with no document, joins nothing: `as` is
 * then an empty list. The documents joined are in no given order, each once.
 *
 * `foreignField` (ADR 0055): the documents of `from` whose top-level field of that name (an indexed one) holds
 * one of those ids, instead of their `_id`: a station's memberships, say. For joins whose documents are few by
 * nature; every one is joined.
 */
export interface Join<A extends string = string> {
  from: string
  localField: string
  as: A
  foreignField?: string
}

/** `find`'s options, with the joins done on each document found, in order. */
export interface FindJoinedOptions<A extends string = string> extends FindOptions {
  join: ReadonlyArray<Join<A>>
}

/** A document as `findJoined` answers it: with the documents each join found, in the join's `as`. */
export type Joined<T extends StoredDoc, A extends string> = T & { [K in A]: StoredDoc[] }

/** The parts of a join's `localField`: `[field]`, or `[as of an earlier join, field]`. */
export const joinPath = (join: Join, earlier: readonly string[]): [string] | [string, string] => {
  const parts = join.localField.split('.')
  const ok = (p: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p)
  if (!ok(join.as) || join.as === '_id' || join.as === '_v') throw new Error(`store: join as not allowed: ${join.as}`)
  if (join.foreignField !== undefined && (!ok(join.foreignField) || join.foreignField === '_v')) throw new Error(`store: join foreignField not allowed: ${join.foreignField}`)
  if (parts.length === 1 && ok(parts[0]!)) return [parts[0]!]
  if (parts.length === 2 && ok(parts[1]!) && earlier.includes(parts[0]!)) return [parts[0]!, parts[1]!]
  throw new Error(`store: join localField not allowed: ${join.localField}`)
}

/** The ids a document names through `localField` (MongoDB's reading of a path: lists are opened at each step). */
export const idsNamed = (doc: Record<string, unknown>, path: readonly string[]): unknown[] => {
  let values: unknown[] = [doc]
  for (const p of path) {
    const next: unknown[] = []
    for (const v of values.flatMap((x) => (Array.isArray(x) ? x : [x])))
      if (v && typeof v === 'object' && p in (v as Record<string, unknown>)) next.push((v as Record<string, unknown>)[p])
    values = next
  }
  return values.flatMap((x) => (Array.isArray(x) ? x : [x]))
}

export interface Page<T> {
  items: T[]
  /** Present when there may be more. */
  next?: string
}

export interface StoredDoc {
  _id: string
  _v: number
}

/** A new document: `_v` is set by the store. */
export type NewDoc<T extends StoredDoc> = Omit<T, '_v'>
/** Top-level fields to replace. */
export type Patch<T> = { [K in Exclude<keyof T, '_id' | '_v'>]?: T[K] }

export interface TxStore {
  get<T extends StoredDoc>(collection: string, id: string): Promise<T | null>
  insert<T extends StoredDoc>(collection: string, doc: NewDoc<T>): Promise<T>
  /**
   * Inserts several documents of one collection at once (ADR 0031: one request on CloudBase): all or none; an
   * `_id` already there, or twice in the list, is STORE_CONFLICT and inserts nothing. An empty list does nothing.
   */
  insertMany<T extends StoredDoc>(collection: string, docs: ReadonlyArray<NewDoc<T>>): Promise<T[]>
  /** Versioned update; throws STORE_CONFLICT when `_v` moved. */
  update<T extends StoredDoc>(collection: string, id: string, expectedV: number, patch: Patch<T>): Promise<T>
  /** Versioned delete; throws STORE_CONFLICT when the document is gone or `_v` moved. */
  remove(collection: string, id: string, expectedV: number): Promise<void>
  /**
   * Adds to counters without reading them (ADR 0031): each path of `by` (a top-level field, or `field.key`
   * and so on inside objects, five parts at most, ADR 0037) grows by its amount, a counter not there yet counting from 0; `set` replaces top-level
   * fields; `_v` goes up by 1. A missing document is created as `create` with the amounts added (`_v` 1).
   * Never a version conflict: additions commute, so whatever else a concurrent change did stays. Answers
   * nothing: a store need not read the document. Counters keep their zeros (a cell back at 0 stays, as 0).
   */
  increment<T extends StoredDoc>(collection: string, id: string, change: Increment<T>): Promise<void>
}

/** What `increment` adds, sets, and creates a missing document as. */
export interface Increment<T extends StoredDoc> {
  by: Readonly<Record<string, number>>
  set?: Patch<T>
  /** The document's other fields when it is not there yet (without `_id` and `_v`). */
  create: Omit<NewDoc<T>, '_id'>
}

const PATH_PART = /^[^.$\s][^.$]*$/
/** `field`, `field.key`, … up to five parts: the paths `increment` accepts (no `$`, no empty part). */
export const incrementPath = (path: string): string[] => {
  const parts = path.split('.')
  if (parts.length > 5 || !parts.every((p) => PATH_PART.test(p)) || parts[0] === '_id' || parts[0] === '_v')
    throw new Error(`store: increment path not allowed: ${path}`)
  return parts
}

/** The counter `incrementBelow` adds to: one top-level field, as `increment` accepts it. */
export const belowField = (field: string): string => {
  if (incrementPath(field).length !== 1) throw new Error(`store: incrementBelow takes a top-level field: ${field}`)
  return field
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v)

/** `increment` applied to a document as read (null: not there): what both adapters store, and answer reads with. */
export const applyIncrement = <T extends StoredDoc>(current: T | null, id: string, change: Increment<T>): T => {
  if (current) return applyIncrementTo(structuredClone(current), change)
  const next: Obj = { ...structuredClone(change.create as Obj), _id: id }
  addTo(next, change)
  next._v = 1
  return next as T
}

/** `applyIncrement` to a document the caller owns (its own copy, as read), changed in place and answered. */
export const applyIncrementTo = <T extends StoredDoc>(doc: T, change: Increment<T>): T => {
  const next = doc as unknown as Obj
  addTo(next, change)
  next._v = doc._v + 1
  return doc
}

const addTo = <T extends StoredDoc>(next: Obj, change: Increment<T>) => {
  for (const [path, amount] of Object.entries(change.by)) {
    const parts = incrementPath(path)
    let at = next
    for (const p of parts.slice(0, -1)) {
      if (!isObj(at[p])) at[p] = {}
      at = at[p] as Obj
    }
    const last = parts[parts.length - 1]!
    at[last] = (typeof at[last] === 'number' ? (at[last] as number) : 0) + amount
  }
  for (const [k, v] of Object.entries((change.set ?? {}) as Record<string, unknown>)) {
    if (k === '_id' || k === '_v') continue
    if (v === undefined) delete next[k]
    else next[k] = v
  }
}

export interface Store extends TxStore {
  /**
   * The versioned update of a document the caller holds as it read it (at `held._v`): the same as
   * `update(collection, held._id, held._v, patch)`, answering the same (STORE_CONFLICT when `_v` moved or the
   * document is gone), but a store that would read the document first to answer need not.
   */
  updateHeld<T extends StoredDoc>(collection: string, held: T, patch: Patch<T>): Promise<T>
  /**
   * `updateHeld` of several held documents with one patch (ADR 0031: one request per version among them on
   * CloudBase). Each is updated only at the version held; one whose `_v` moved or that is gone is left as it
   * is, without an error. Answers how many were updated.
   */
  updateHeldMany<T extends StoredDoc>(collection: string, held: readonly T[], patch: Patch<T>): Promise<number>
  /**
   * Adds 1 to the top-level counter `field` of document `id` when the document is there and the counter is below
   * `limit`, in one atomic step (one `where` update on CloudBase, ADR 0047), and answers whether it did. A missing
   * document, or one at or past the limit, is left as it is. Outside transactions only (CloudBase allows no
   * `where` update in one).
   */
  incrementBelow(collection: string, id: string, field: string, limit: number): Promise<boolean>
  find<T extends StoredDoc>(collection: string, options?: FindOptions): Promise<Page<T>>
  /**
   * `find`, each document found with the documents its joins name (`Join`), all read in one request on CloudBase
   * (one aggregate: `$match`, `$sort`, `$limit`, then a `$lookup` per join) and in one step on SQLite, so what is
   * joined is as fresh as what is found. Paging, order and limits are `find`'s.
   */
  findJoined<T extends StoredDoc, A extends string>(collection: string, options: FindJoinedOptions<A>): Promise<Page<Joined<T, A>>>
  /** How many match; with `upTo`, counting stops there (at most `upTo` is returned: a capped count such as 「99+」). */
  count(collection: string, where?: Where, options?: { upTo?: number }): Promise<number>
  transaction<R>(fn: (tx: TxStore) => Promise<R>): Promise<R>
  /**
   * Only on a store that keeps some collections together in one physical collection, their host (CloudBase, ADR
   * 0050): moves the documents stored in a member's own collection before it had a host into the host, while
   * `budgetMs` lasts, and answers how many it moved and whether none is left. Until it has, those documents are
   * not found. Safe to repeat, and to run twice at once.
   */
  moveIntoHosts?(budgetMs: number): Promise<{ moved: number; finished: boolean }>
  close(): Promise<void>
}

export const MAX_LIMIT = 1000
export const DEFAULT_LIMIT = 100
