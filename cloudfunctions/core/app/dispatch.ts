import { createHash } from 'node:crypto'
import { isAdminMembership, mayAccessCase, type MembershipView } from '../../../types/authz'
import { Envelope, PLATFORM_EVENT_KEYS, type FunctionName } from '../../../types/contract'
import { AppError, ERRORS, type Result } from '../../../types/errors'
import { viewsOf } from '../domain/case-relation'
import type { Ports } from '../ports'
import { jsonLogger, SLOW_CALL_MS } from '../ports/log'
import { COLLECTIONS } from '../ports/collections'
import type { Caller } from './caller'
import { byOperation, type HandlerContext } from './handler'
import { HANDLERS } from './handlers/index'
import { findOfficer } from './officers'
import type { CaseDoc, OfficerView, RequestDoc, StationDoc } from './records'
import { countUse, giveBack, type CountedUse } from './rate-limit'
import { mediaPushEnvelope } from './content-safety'
import { adminScope, checkStationAccess, checkStationWithin, stationNamed } from './scope'
import { zodFailure } from './validation'

const byKey = byOperation(HANDLERS)

const sha = (s: string) => createHash('sha256').update(s).digest('hex')

/** Same JSON for the same input whatever the key order, so a retry hashes the same. */
const stableJson = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(v) ?? 'null'
}

/**
 * The one entry of every function: envelope → contract → audience → case access → station access → rate limit → handler →
 * output check, and an idempotent call that fails looked up as a retry (ADR 0053). Every failure becomes a Result with a code
 * and a Chinese message; nothing throws out.
 */
export const dispatch = async (fn: FunctionName, event: unknown, caller: Caller, ports: Ports): Promise<Result<unknown>> => {
  const started = Date.now()
  const log = ports.log ?? jsonLogger
  const named = event && typeof event === 'object' ? (event as Record<string, unknown>) : {}
  const op = typeof named.op === 'string' ? named.op.slice(0, 64) : undefined
  const requestId = typeof named.requestId === 'string' ? named.requestId.slice(0, 64) : undefined
  let result: Result<unknown>
  try {
    result = { ok: true, data: await run(fn, event, caller, ports) }
  } catch (e) {
    if (e instanceof AppError) result = { ok: false, error: e.toShape() }
    else {
      log({ level: 'error', event: 'error', fn, op, requestId, detail: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : typeof e })
      result = { ok: false, error: { code: 'INTERNAL', message: ERRORS.INTERNAL } }
    }
  }
  const ms = Date.now() - started
  const code = result.ok ? undefined : result.error.code
  log({ level: ms > SLOW_CALL_MS ? 'warn' : 'info', event: ms > SLOW_CALL_MS ? 'slow' : 'call', fn, op, requestId, ms, ok: result.ok, code })
  return result
}

/**
 * A timer trigger sends `{Type: 'Timer', TriggerName, Time}` and no envelope: for the timer only, that is
 * the sweep's run, keyed by the trigger time.
 */
const timerEnvelope = (fn: FunctionName, event: Record<string, unknown>, caller: Caller): Record<string, unknown> => {
  if (fn !== 'sweep' || caller.via !== 'timer' || caller.openid || 'op' in event || typeof event.TriggerName !== 'string') return event
  const at = typeof event.Time === 'string' ? event.Time.replace(/[^0-9A-Za-z]/g, '') : ''
  return { op: 'sweep.run', input: {}, requestId: `timer-${event.TriggerName}-${at}`.slice(0, 64) }
}

const run = async (fn: FunctionName, event: unknown, caller: Caller, ports: Ports): Promise<unknown> => {
  if (!event || typeof event !== 'object' || Array.isArray(event)) throw new AppError('REQUEST_INVALID')
  // A media verdict's push (ADR 0019) comes without an envelope too.
  const body: Record<string, unknown> = { ...timerEnvelope(fn, mediaPushEnvelope(fn, event as Record<string, unknown>, caller), caller) }
  for (const k of PLATFORM_EVENT_KEYS) delete body[k]
  const envelope = Envelope.safeParse(body)
  if (!envelope.success) throw zodFailure(envelope.error)
  const { op, requestId } = envelope.data
  const handler = byKey.get(`${fn}:${op}`)
  if (!handler) throw new AppError('REQUEST_UNKNOWN_OP')
  const { contract } = handler

  let officer: OfficerView | null = null
  switch (contract.audience) {
    case 'system':
      if (caller.via !== 'timer' || caller.openid) throw new AppError('SWEEP_CALLER_FORBIDDEN')
      break
    case 'user':
      if (!caller.openid) throw new AppError('AUTH_REQUIRED')
      break
    case 'officer':
    case 'admin':
      if (!caller.openid) throw new AppError('AUTH_REQUIRED')
      officer = await findOfficer(ports, caller.openid)
      if (!officer || officer.memberships.length === 0) throw new AppError('AUTH_NOT_OFFICER')
      if (contract.audience === 'admin' && !officer.memberships.some(isAdminMembership)) throw new AppError('AUTH_FORBIDDEN')
      break
  }

  const parsed = contract.input.safeParse(envelope.data.input ?? {})
  if (!parsed.success) throw zodFailure(parsed.error)
  const input = parsed.data as Record<string, unknown>

  // The case an operation names, and what the caller may do with it (CASE_ACCESS_TABLE, or a worker's own case):
  // read and checked before the handler, or, for an operation that changes it (`caseWrite`, ADR 0049), inside the
  // handler's transaction.
  let caseDoc: CaseDoc | null = null
  const caseAccess = contract.caseAccess
  const namesCase = !!caseAccess || !!contract.workerCase
  const caseId = input.id
  const checkedCase = (c: CaseDoc | null): CaseDoc => {
    // A worker's own case: anyone else's looks exactly like a missing one.
    if (contract.workerCase) {
      if (!c || c.workerKey !== ports.secrets.workerKey(caller.openid!)) throw new AppError('CASE_NOT_FOUND')
      return c
    }
    const views: MembershipView[] = c && officer ? viewsOf(officer.memberships, c) : []
    // Someone who may not even see the case learns nothing of it; someone who sees it but may not do
    // this is told so.
    if (!c || !mayAccessCase('view', c.privacy, views)) throw new AppError('CASE_NOT_FOUND')
    if (!mayAccessCase(caseAccess!, c.privacy, views)) throw new AppError('AUTH_FORBIDDEN')
    return c
  }
  if (namesCase) {
    if (typeof caseId !== 'string' || (caseAccess && !officer)) throw new AppError('CASE_NOT_FOUND')
    if (!contract.caseWrite) caseDoc = checkedCase(await ports.store.get<CaseDoc>(COLLECTIONS.cases, caseId))
  }

  // The station an operation names, and what the caller is to it (STATION_ACCESS_TABLE), also before the handler.
  let station: StationDoc | null = null
  const scope = officer && (contract.stationAccess || contract.audience === 'admin') ? await adminScope(ports, officer) : null
  if (contract.stationAccess) {
    if (!officer || !scope) throw new AppError('AUTH_NOT_OFFICER')
    const { access, from, within } = contract.stationAccess
    station = from ? await stationNamed(ports, input, from, officer.stations) : null
    const rules = typeof access === 'function' ? access(input as never) : access
    for (const rule of typeof rules === 'string' ? [rules] : rules) checkStationAccess(rule, station, officer, scope)
    if (within && typeof input[within.field] === 'string') await checkStationWithin(ports, input[within.field] as string, station, officer.stations)
  }

  const requestKey = sha(`${caller.openid ?? 'timer'}|${fn}:${op}|${requestId}`).slice(0, 40)
  const inputHash = sha(stableJson(envelope.data.input ?? {}))
  // When this call wrote the request's record, if it got that far: a call gives back its rate-limit use only when
  // another call stored the record (this one may have stored it and then lost the commit's answer). A retry comes
  // after its first call's commit, so it never writes at the same moment (the record's `at`).
  let wroteAt: number | undefined
  /**
   * ADR 0053: a first attempt reads no record. Its transaction's `remember` insert is what finds a retry (the record
   * is there: STORE_CONFLICT), and a retry may fail any check the first attempt's effect trips before reaching it
   * (a code used, a listing there). So an idempotent call that fails with an AppError reads the record once: there
   * with the same input, the request is done and its first result is the answer; with other input REQUEST_REUSED;
   * not there, the call's own error stands.
   */
  const recorded = async (e: unknown): Promise<RequestDoc | null> => {
    if (!contract.idempotent || !(e instanceof AppError)) return null
    return ports.store.get<RequestDoc>(COLLECTIONS.requests, requestKey).catch(() => null)
  }
  const answerFrom = (seen: RequestDoc): unknown => {
    if (seen.inputHash !== inputHash) throw new AppError('REQUEST_REUSED')
    return seen.result
  }

  // A use refused at the limit may be a retry: answered from its first result, never refused (ADR 0044, 0053).
  let use: CountedUse | null = null
  if (contract.rateLimit && caller.openid && !ports.settings?.rateLimitsOff)
    try {
      use = await countUse(ports, contract.rateLimit, caller.openid)
    } catch (e) {
      const seen = await recorded(e)
      if (!seen) throw e
      return answerFrom(seen)
    }

  await ports.clock.refreshCalendar()
  let afterCommit: Array<() => Promise<void>> = []
  const ctx: HandlerContext = {
    caller,
    ports,
    officer,
    caseDoc,
    station,
    scope,
    remember: async (tx, result) => {
      wroteAt = ports.clock.now()
      await tx.insert<RequestDoc>(COLLECTIONS.requests, { _id: requestKey, inputHash, result, at: wroteAt })
    },
    tx: null,
    afterCommit: (f) => {
      afterCommit.push(f)
    },
  }
  let output: unknown
  try {
    if (namesCase && contract.caseWrite) {
      // One transaction: the case read and checked in it, the handler's writes, then what waits for the commit. A
      // write conflict runs it all again (the store's retry), on the case as it is then.
      output = await ports.store
        .transaction(async (tx) => {
          afterCommit = []
          return handler.run(input, { ...ctx, tx, caseDoc: checkedCase(await tx.get<CaseDoc>(COLLECTIONS.cases, caseId as string)) })
        })
        .catch((e: unknown) => {
          throw e instanceof AppError && e.code === 'STORE_CONFLICT' ? new AppError('CASE_CONFLICT') : e
        })
    } else output = await handler.run(input, ctx)
    // Only once what the handler wrote is stored (never for a transaction that was rolled back).
    for (const f of afterCommit) await f()
  } catch (e) {
    // The request is done (a retry, a concurrent copy that stored its record first, or this call with its commit's
    // answer lost): its first result. A retry, and the same id with other input, give back the use they counted,
    // so that neither uses up the caller's limit; a call that stored the record itself keeps it.
    const seen = await recorded(e)
    if (!seen) throw e
    if (use && seen.at !== wroteAt)
      await giveBack(ports, use).catch((g: unknown) =>
        (ports.log ?? jsonLogger)({ level: 'warn', event: 'rate-limit-give-back', fn, op, requestId, detail: g instanceof AppError ? g.code : 'failed' }),
      )
    return answerFrom(seen)
  }
  const checked = contract.output.safeParse(output)
  if (!checked.success) {
    ;(ports.log ?? jsonLogger)({
      level: 'error',
      event: 'output-mismatch',
      fn,
      op,
      requestId,
      detail: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`).join('; ').slice(0, 300),
    })
    throw new AppError('INTERNAL')
  }
  return checked.data
}
