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
 *  - `transaction` runs a function with document operations only (get/insert/update by id), commits
 *    all or nothing, and retries it on the store's own write conflicts.
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
  /** Versioned update; throws STORE_CONFLICT when `_v` moved. */
  update<T extends StoredDoc>(collection: string, id: string, expectedV: number, patch: Patch<T>): Promise<T>
  /** Versioned delete; throws STORE_CONFLICT when the document is gone or `_v` moved. */
  remove(collection: string, id: string, expectedV: number): Promise<void>
}

export interface Store extends TxStore {
  /**
   * The versioned update of a document the caller holds as it read it (at `held._v`): the same as
   * `update(collection, held._id, held._v, patch)`, answering the same (STORE_CONFLICT when `_v` moved or the
   * document is gone), but a store that would read the document first to answer need not.
   */
  updateHeld<T extends StoredDoc>(collection: string, held: T, patch: Patch<T>): Promise<T>
  find<T extends StoredDoc>(collection: string, options?: FindOptions): Promise<Page<T>>
  /** How many match; with `upTo`, counting stops there (at most `upTo` is returned: a capped count such as 「99+」). */
  count(collection: string, where?: Where, options?: { upTo?: number }): Promise<number>
  transaction<R>(fn: (tx: TxStore) => Promise<R>): Promise<R>
  close(): Promise<void>
}

export const MAX_LIMIT = 1000
export const DEFAULT_LIMIT = 100
