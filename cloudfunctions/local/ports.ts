import type { Notifier, OutboundMessage, Ports } from '../core/ports'
import type { Store } from '../core/ports/store'
import { hmacSecrets, ulidIds } from '../core/adapters/node/ports'
import { storeClock } from '../core/app/time'
import { memoryFiles, type LocalFiles } from '../core/adapters/files/local'
import { dispatch } from '../core/app/dispatch'
import { embeddedContentCheck } from './content-check'

/**
 * The local host's ports: the ones every Node runtime shares (clock, ids, secrets; core/adapters/node) and,
 * for a notifier, the dev message box. Local only: nothing here reaches a cloud bundle.
 */

/** A message the local notifier "sent", as the message box shows it. */
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
      // The console gets the kind and the case only: the recipient's openid and the words stay in the box.
      log(`[消息] ${m.kind} · 诉求 ${m.caseId}`)
      return { ok: true }
    },
  }
}

/** The local host's ports; its files are local ones (a folder for `npm start`, memory unless given), which the host serves. */
export type LocalPorts = Ports & { files: LocalFiles }

export const localPorts = (store: Store, secret: string, overrides: Partial<LocalPorts> = {}): LocalPorts => {
  const files = overrides.files ?? memoryFiles(secret)
  return {
    store,
    clock: storeClock(store, () => Date.now()),
    ids: ulidIds(),
    secrets: hmacSecrets(secret),
    notifier: localNotifier(),
    files,
    // The embedded checker reads the same files the host keeps (its rules: README, cloudfunctions/local/content-check.ts).
    contentCheck: embeddedContentCheck(files),
    ...overrides,
  }
}

/**
 * Delivers the verdicts the embedded content checker has queued as WeChat would: each a `wxa_media_check` push to
 * the `sweep` function, from the platform. The local host calls it after every call it answers (the check's own
 * row is written by then) and the harness after every operation. Never throws.
 */
export const deliverLocalVerdicts = async (ports: Ports): Promise<number> => {
  const check = ports.contentCheck as Partial<{ takePushes: () => unknown[] }>
  if (typeof check.takePushes !== 'function') return 0
  let n = 0
  for (const push of check.takePushes()) {
    const r = await dispatch('sweep', push, { openid: null, via: 'timer' }, ports)
    if (r.ok) n += 1
  }
  return n
}
