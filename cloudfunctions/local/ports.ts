import { dirname, join } from 'node:path'
import { POSTER_FONTS, type FunctionAsset } from '../../types/functions'
import type { Fonts, Notifier, OutboundMessage, Ports } from '../core/ports'
import type { Store } from '../core/ports/store'
import { hmacSecrets, ulidIds } from '../core/adapters/node/ports'
import { storeClock } from '../core/app/time'
import { memoryFiles, type LocalFiles } from '../core/adapters/files/local'
import { fontFiles } from '../core/adapters/node/fonts'
import { h5QrCodes } from '../core/adapters/qr/h5'
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

/** Where a phone reaches the local host; the local station codes are QR codes of its H5 pages. */
export interface LocalSite {
  /** `http://host:port`; until the host has started (and in tests without one), the default address. */
  origin?: string
}
export const DEFAULT_LOCAL_ORIGIN = 'http://127.0.0.1:8080'

/** An asset from its npm package (the cloud reads the copy the build puts beside the bundle). */
const packaged = (a: FunctionAsset) => join(dirname(require.resolve(`${a.package}/package.json`)), a.path)

/** The poster fonts straight from their npm package. */
export const packagedFonts = (): Fonts => fontFiles({ regular: packaged(POSTER_FONTS.regular), bold: packaged(POSTER_FONTS.bold) })

/**
 * The local host's ports; its files are local ones (a folder for `npm start`, memory unless given), which the
 * host serves, and its station codes lead to its own H5 pages (`site`, filled in when the host starts).
 */
export type LocalPorts = Ports & { files: LocalFiles; site: LocalSite }

export const localPorts = (store: Store, secret: string, overrides: Partial<LocalPorts> = {}): LocalPorts => {
  const site: LocalSite = overrides.site ?? {}
  const files = overrides.files ?? memoryFiles(secret)
  return {
    store,
    clock: storeClock(store, () => Date.now()),
    ids: ulidIds(),
    secrets: hmacSecrets(secret),
    notifier: localNotifier(),
    files,
    qrCodes: h5QrCodes(() => site.origin ?? DEFAULT_LOCAL_ORIGIN),
    fonts: packagedFonts(),
    // The embedded checker reads the same files the host keeps (its rules: README, cloudfunctions/local/content-check.ts).
    contentCheck: embeddedContentCheck(files),
    ...overrides,
    site,
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
