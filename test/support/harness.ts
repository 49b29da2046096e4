import type { Contract, FunctionName, InputOf, OutputOf } from '../../types/contract'
import { getCaseDetail, getMyCase, submitCase } from '../../types/contracts/case'
import type { Result } from '../../types/errors'
import { CODE_ALPHABET } from '../../types/values'
import { hmacSecrets } from '../../cloudfunctions/core/adapters/node/ports'
import { memoryFiles } from '../../cloudfunctions/core/adapters/files/local'
import { DEFAULT_LOCAL_ORIGIN, deliverLocalVerdicts, packagedFonts, type LocalPorts, type LocalSite } from '../../cloudfunctions/local/ports'
import { h5QrCodes } from '../../cloudfunctions/core/adapters/qr/h5'
import type { QrCodes } from '../../cloudfunctions/core/ports'
import { embeddedContentCheck } from '../../cloudfunctions/local/content-check'
import { createSqliteStore } from '../../cloudfunctions/core/adapters/sqlite/store'
import { dispatch } from '../../cloudfunctions/core/app/dispatch'
import { storeClock } from '../../cloudfunctions/core/app/time'
import type { Caller } from '../../cloudfunctions/core/app/caller'
import type { ContentCheck, Files, LogEntry, OutboundMessage, Ports } from '../../cloudfunctions/core/ports'
import type { DeliveryResult } from '../../cloudfunctions/core/ports/notifier'
import type { Store } from '../../cloudfunctions/core/ports/store'
import { seedHeze } from '../../cloudfunctions/core/seed/heze'

/** Shanghai wall time → epoch ms, whatever the process zone. */
export const sh = (wall: string): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(wall)
  if (!m) throw new Error(`bad wall time ${wall}`)
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]! - 8, +m[5]!)
}

export interface Harness {
  ports: LocalPorts
  store: Store
  clock: { now: number }
  sent: OutboundMessage[]
  /** Every log line the handlers wrote (ports.log), for tests that read the logs. */
  logs: LogEntry[]
  /** What the notifier answers next (default: delivered). */
  deliver: { next: (m: OutboundMessage) => DeliveryResult }
  /** Calls an operation through its contract: the function and op come from it, input and result are typed. */
  op: <C extends Contract>(contract: C, openid: string | null, input: InputOf<C>, extra?: Record<string, unknown>) => Promise<Result<OutputOf<C>>>
  /** Files a case as a worker (`submitInput` with these changes) and expects it to be taken. */
  file: (over?: Partial<SubmitInput>, openid?: string) => Promise<OutputOf<typeof submitCase>>
  /**
   * A case action with the version its caller sees now: an officer's from `case.detail`, a worker's from
   * `case.get`. The input is the action's own fields (id and version are filled in).
   */
  act: <C extends Contract>(contract: C, openid: string, id: string, ...input: ActionFields<C>) => Promise<Result<OutputOf<C>>>
  /** Calls an operation by name with any input at all: for hostile calls whose shape the contract refuses. */
  call: <T = unknown>(fn: FunctionName, openid: string | null, op: string, input?: unknown, extra?: Record<string, unknown>) => Promise<Result<T>>
  raw: (fn: FunctionName, event: unknown, caller: Caller) => Promise<Result<unknown>>
  close: () => Promise<void>
}

type SubmitInput = InputOf<typeof submitCase>
/** An action names the case and the version its caller saw; the rest of its input is its own. */
type OwnFields<C> = Omit<InputOf<C>, 'id' | 'version'>
type ActionFields<C> = InputOf<C> extends { id: string; version: number } ? ({} extends OwnFields<C> ? [input?: OwnFields<C>] : [input: OwnFields<C>]) : [notAnAction: never]

let requestSeq = 0
export const newRequestId = () => `req-test-${String(++requestSeq).padStart(6, '0')}`

/**
 * A test's sweep stands for every timer run it takes until nothing is due, so it gets all the time it needs: on a
 * busy machine the default budget (5 s) could end a run before its last due case, which the next timer run would
 * take. Tests of the budget itself pass their own.
 */
const withSweepTime = (fn: FunctionName, op: string, input: unknown) =>
  fn === 'sweep' && op === 'sweep.run' && input !== null && typeof input === 'object' && !Array.isArray(input) && !('budgetMs' in input)
    ? { ...input, budgetMs: 50_000 }
    : input

/** The poster fonts, read once per test file whatever the number of harnesses. */
const FONTS = packagedFonts()

/** A deterministic code of the product's alphabet (the invite and claim-code shapes): `n` in base 31, padded. */
const readableCode = (n: number, length: number): string => {
  let out = ''
  for (let v = n; v > 0; v = Math.floor(v / CODE_ALPHABET.length)) out = CODE_ALPHABET[v % CODE_ALPHABET.length] + out
  return out.padStart(length, CODE_ALPHABET[0]).slice(-length)
}

/**
 * The handlers over a fresh in-memory SQLite store seeded with the Heze network, a settable clock.
 * Options: `rateLimits` turns the per-caller limits on (off by default: most tests file many cases as one
 * worker within a minute; test/functions/rate-limits.test.ts tests the limits themselves); `seed: false`
 * starts from an empty store, as a new production environment does; `settings` as the deployment sets them;
 * `qrCodes` another station-code adapter over the harness's site.
 */
export const makeHarness = async (
  options: {
    store?: Store
    now?: number
    rateLimits?: boolean
    seed?: boolean
    settings?: Ports['settings']
    files?: (now: () => number) => Files
    qrCodes?: (site: LocalSite) => QrCodes
    /** Another content checker (the embedded one by default, its media verdicts delivered after each call). */
    contentCheck?: (files: Files) => ContentCheck
  } = {},
): Promise<Harness> => {
  const store = options.store ?? createSqliteStore({ file: ':memory:' })
  const clock = { now: options.now ?? sh('2026-11-25 10:00') }
  let idSeq = 0
  const sent: OutboundMessage[] = []
  const logs: LogEntry[] = []
  const deliver = { next: (_m: OutboundMessage): DeliveryResult => ({ ok: true }) }
  const site: LocalSite = {}
  // Another Files adapter (CloudBase storage) has no `open`: its URLs are fetched over HTTP instead.
  const files = (options.files ? options.files(() => clock.now) : memoryFiles('test-secret-0123456789abcdef', () => clock.now)) as LocalPorts['files']
  const ports: LocalPorts = {
    store,
    clock: storeClock(store, () => clock.now),
    ids: { next: () => `01TEST${String(++idSeq).padStart(20, '0')}`, code: (length = 8) => readableCode(++idSeq, length) },
    secrets: hmacSecrets('test-secret-0123456789abcdef'),
    files,
    site,
    qrCodes: options.qrCodes?.(site) ?? h5QrCodes(() => site.origin ?? DEFAULT_LOCAL_ORIGIN),
    fonts: FONTS,
    contentCheck: options.contentCheck ? options.contentCheck(files) : embeddedContentCheck(files, () => clock.now),
    log: (entry) => void logs.push(entry),
    settings: { rateLimitsOff: !options.rateLimits, ...options.settings },
    notifier: {
      send: async (m) => {
        const r = deliver.next(m)
        if (r.ok) sent.push(m)
        return r
      },
    },
  }
  if (options.seed !== false) await seedHeze(store, clock.now)
  const raw = (fn: FunctionName, event: unknown, caller: Caller) => dispatch(fn, event, caller, ports)
  // As the local host does: the embedded checker's media verdicts are pushed right after the call that asked for them.
  const call: Harness['call'] = async (fn, openid, op, input = {}, extra = {}) => {
    const r = await dispatch(fn, { op, input: withSweepTime(fn, op, input), requestId: newRequestId(), ...extra }, { openid, via: fn === 'sweep' ? 'timer' : 'local' }, ports)
    await deliverLocalVerdicts(ports)
    return r as never
  }
  const op: Harness['op'] = (contract, openid, input, extra) => call(contract.fn, openid, contract.op, input, extra)
  const versionSeenBy = async (fn: FunctionName, openid: string, id: string) =>
    fn === 'worker' ? expectOk(await op(getMyCase, openid, { id })).version : expectOk(await op(getCaseDetail, openid, { id })).version
  return {
    ports,
    store,
    clock,
    sent,
    logs,
    deliver,
    raw,
    call,
    op,
    file: async (over = {}, openid = WORKER) => expectOk(await op(submitCase, openid, submitInput(over))),
    act: async (contract, openid, id, ...input) =>
      op(contract, openid, { ...input[0], id, version: await versionSeenBy(contract.fn, openid, id) } as InputOf<typeof contract>),
    close: () => store.close(),
  }
}

export const expectOk = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`)
  return r.data
}

export const expectError = (r: Result<unknown>, code: string) => {
  if (r.ok) throw new Error(`expected ${code}, got ok: ${JSON.stringify(r.data).slice(0, 200)}`)
  expect(r.error.code).toBe(code)
  expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/)
  return r.error
}

/** Counts of every collection, to prove a refused call wrote nothing. */
export const snapshotCounts = async (store: Store) => {
  const names = ['stations', 'officers', 'memberships', 'cases', 'case_events', 'counters', 'requests', 'outbox', 'access_log', 'clusters', 'alerts', 'case_links']
  const out: Record<string, number> = {}
  for (const n of names) out[n] = await store.count(n)
  return out
}

export const WORKER = 'dev-worker-zhang'
export const OTHER_WORKER = 'dev-worker-li'

/** A case as a worker files it at the 曹城街道 station, with these changes. */
export const submitInput = (over: Partial<SubmitInput> = {}): SubmitInput => ({
  stationId: 'st-CX-0002',
  channel: 'qr',
  category: 'pay',
  description: '老板拖欠了我们三个月的工资，一直说下个月发。',
  workersAffected: 1,
  aboutOwnEmployer: true,
  // 不清楚单位全称: counted in no cluster, so tests that are not about 聚集预警 raise none (ADR 0011).
  employer: { kind: 'unknown' },
  privacy: 'open',
  contact: { name: '张三', phone: '13800000001' },
  ...over,
})

/** The same, as a loose record: for bad input that the contract's type would not let through. */
export const caseInput = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ ...submitInput(), ...over })
