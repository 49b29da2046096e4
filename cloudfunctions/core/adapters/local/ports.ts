import { createHmac, randomInt } from 'node:crypto'
import { monotonicFactory } from 'ulid'
import type { Clock, Ids, Notifier, OutboundMessage, Ports, Secrets } from '../../ports'
import type { Store } from '../../ports/store'

export const systemClock: Clock = { now: () => Date.now() }

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

export interface DevMessage extends OutboundMessage {
  at: number
}

/**
 * Locally there is no WeChat: a message is kept for the local host's message box (/__dev/messages, the
 * newest 200) and written to the console, which is where a developer looks.
 */
export const localNotifier = (log: (line: string) => void = (l) => console.log(l)): Notifier & { messages: () => DevMessage[] } => {
  const box: DevMessage[] = []
  return {
    messages: () => [...box].reverse(),
    send: async (m) => {
      box.push({ ...m, at: Date.now() })
      if (box.length > 200) box.shift()
      log(`[消息] ${m.kind} → ${m.to}：${JSON.stringify(m.data)}`)
      return { ok: true }
    },
  }
}

export const localPorts = (store: Store, secret: string, overrides: Partial<Ports> = {}): Ports => ({
  store,
  clock: systemClock,
  ids: ulidIds(),
  secrets: hmacSecrets(secret),
  notifier: localNotifier(),
  ...overrides,
})
