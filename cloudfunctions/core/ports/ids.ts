/** Identifiers and keyed hashes. */
export interface Ids {
  /** A new sortable unique id (ULID). */
  next(): string
  /**
   * An unguessable code a person can read out and type, from an alphabet without 0/O and 1/I/L: 8 characters
   * by default (invites); 代为登记's claim codes take 6.
   */
  code(length?: number): string
}

export interface Secrets {
  /** HMAC-SHA256 of a value under the server secret, hex. The worker key of every case (D5). */
  workerKey(openid: string): string
  /**
   * HMAC-SHA256 of a claim code with the case number it belongs to, under the server secret, hex: the only form
   * a claim code is stored in (代为登记, ADR 0010).
   */
  claimCodeKey(caseNo: string, code: string): string
}
