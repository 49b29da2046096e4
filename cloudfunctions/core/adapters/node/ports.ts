import { createHmac, createSecretKey, randomInt } from 'node:crypto'
import { monotonicFactory } from 'ulid'
import { CODE_ALPHABET } from '../../../../types/values'
import type { Ids, Secrets } from '../../ports'

/**
 * The ports every Node runtime shares, in the cloud and on the local host: ULID ids and readable codes (invites,
 * claim codes), and the keyed hashes of a worker's openid and of a claim code. (The clock, with the calendar it
 * carries, is `storeClock` in app/time.ts.)
 */

export const ulidIds = (): Ids => {
  const next = monotonicFactory()
  return {
    next: () => next(),
    code: (length = 8) => Array.from({ length }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join(''),
  }
}

export const hmacSecrets = (secret: string): Secrets => {
  if (secret.length < 16) throw new Error('the server secret must be at least 16 characters')
  // The key made once (the secret's UTF-8 bytes, as a string key is): a string would be made into a key on every hash.
  const key = createSecretKey(Buffer.from(secret, 'utf8'))
  const hmac = (value: string) => createHmac('sha256', key).update(value).digest('hex')
  return {
    workerKey: (openid) => hmac(openid),
    // A prefix of its own, so a claim code's hash can never equal a worker key.
    claimCodeKey: (caseNo, code) => hmac(`claim-code|${caseNo}|${code}`),
  }
}
