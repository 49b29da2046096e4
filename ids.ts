/** Identifiers and keyed hashes. */
export interface Ids {
  /** A new sortable unique id (ULID). */
  next(): string
}

export interface Secrets {
  /** HMAC-SHA256 of a value under the server secret, hex. Used for the anonymous worker key (D5). */
  workerKey(openid: string): string
}
