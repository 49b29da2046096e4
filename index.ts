import type { Clock } from './clock'
import type { Ids, Secrets } from './ids'
import type { Notifier } from './notifier'
import type { Store } from './store'

export type { Clock } from './clock'
export type { Ids, Secrets } from './ids'
export type { Notifier, OutboundMessage, DeliveryResult } from './notifier'
export type * from './store'

/** Everything a handler may touch outside itself. */
export interface Ports {
  store: Store
  clock: Clock
  ids: Ids
  secrets: Secrets
  notifier: Notifier
}
