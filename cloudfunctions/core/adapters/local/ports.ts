import { createHmac } from 'node:crypto'
import { monotonicFactory } from 'ulid'
import type { Clock, Ids, Notifier, Ports, Secrets } from '../../ports'
import type { Store } from '../../ports/store'

export const systemClock: Clock = { now: () => Date.now() }

export const ulidIds = (): Ids => {
  const next = monotonicFactory()
  return { next: () => next() }
}

export const hmacSecrets = (secret: string): Secrets => {
  if (secret.length < 16) throw new Error('the server secret must be at least 16 characters')
  return { workerKey: (openid) => createHmac('sha256', secret).update(openid).digest('hex') }
}

/** Locally there is no WeChat: a message is written to the console, which is where a developer looks. */
export const consoleNotifier = (log: (line: string) => void = (l) => console.log(l)): Notifier => ({
  send: async (m) => {
    log(`[消息] ${m.kind} → ${m.to}：${JSON.stringify(m.data)}`)
    return { ok: true }
  },
})

export const localPorts = (store: Store, secret: string, overrides: Partial<Ports> = {}): Ports => ({
  store,
  clock: systemClock,
  ids: ulidIds(),
  secrets: hmacSecrets(secret),
  notifier: consoleNotifier(),
  ...overrides,
})
