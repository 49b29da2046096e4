import { createHmac, randomInt } from 'node:crypto'
import { monotonicFactory } from 'ulid'
import type { Ids, Secrets } from '../../ports'

/**
 * The ports every Node runtime shares, in the cloud and on the local host: ULID ids and invite codes, and the
 * keyed hash of a worker's openid. (The clock, with the calendar it carries, is `storeClock` in app/time.ts.)
 */

/** No 0/O, 1/I/L: a code is read out over the phone and typed on a small keyboard. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

export const ulidIds = (): Ids => {
  const next = monotonicFactory()
  return {
    next: () => next(),
    code: () => Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join(''),
  }
}

export const hmacSecrets = (secret: string): Secrets => {
  if (secret.length < 16) throw new Error('the server secret must be at least 16 characters')
  return { workerKey: (openid) => createHmac('sha256', secret).update(openid).digest('hex') }
}
