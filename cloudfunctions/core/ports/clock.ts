/** Time comes in through this port so the domain and handlers can be tested with a fixed clock. */
export interface Clock {
  /** Epoch milliseconds (UTC). */
  now(): number
}
