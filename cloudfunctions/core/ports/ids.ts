/** Identifiers and keyed hashes. */
export interface Ids {
  /** A new sortable unique id (ULID). */
  next(): string
  /** An unguessable 8-character code a person can read out and type (invites). */
  code(): string
}

export interface Secrets {
  /** HMAC-SHA256 of a value under the server secret, hex. The worker key of every case (D5). */
  workerKey(openid: string): string
}
