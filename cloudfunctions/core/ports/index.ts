import type { Clock } from './clock'
import type { ContentCheck } from './content-check'
import type { Files } from './files'
import type { Fonts } from './fonts'
import type { Logger } from './log'
import type { Ids, Secrets } from './ids'
import type { Notifier } from './notifier'
import type { QrCodes } from './qr-codes'
import type { Store } from './store'

export type { Clock } from './clock'
export type { ContentCheck, ContentScene, MediaSubmission, MediaVerdict, TextVerdict } from './content-check'
export type { Files, FileArea, FileBody } from './files'
export type { Logger, LogEntry } from './log'
export type { Ids, Secrets } from './ids'
export type { Notifier, OutboundMessage, DeliveryResult } from './notifier'
export type { QrCodes } from './qr-codes'
export type { Fonts, FontWeight } from './fonts'
export type { Store, TxStore, Where, Condition, FindOptions, Page, StoredDoc, NewDoc, Patch } from './store'

/** Everything a handler may touch outside itself. */
export interface Ports {
  store: Store
  clock: Clock
  ids: Ids
  secrets: Secrets
  notifier: Notifier
  /** Photos, voice notes, attachments and generated files (D34). */
  files: Files
  /** Station codes for posters: WeChat mini-program codes in the cloud, QR codes of the H5 page locally. */
  qrCodes: QrCodes
  /** The typeface posters are set in. */
  fonts: Fonts
  /** Content security of what people send (D24, ADR 0019): WeChat's checks in the cloud, an embedded checker locally. */
  contentCheck: ContentCheck
  /** Structured log lines (ports/log.ts); JSON on the console unless given. */
  log?: Logger
  /** Deployment settings the handlers need (from function environment variables in the cloud). */
  settings?: Settings
}

export interface Settings {
  /** The openid the sweep makes the first city admin when the network is first set up (HX_FIRST_ADMIN_OPENID). */
  firstAdminOpenid?: string
  /**
   * Turns the per-caller limits off. Only test fixtures that file many cases as one person set it; the
   * cloud and the local host never do.
   */
  rateLimitsOff?: boolean
  /**
   * How long one call of an admin's re-run of ratings works before it answers (the page calls again until done),
   * and the stations rated per page. Only tests set them, to force several calls; 8 s and 100 otherwise.
   */
  ratingStep?: { budgetMs: number; pageSize: number }
}
