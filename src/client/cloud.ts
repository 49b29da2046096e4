import Taro from '@tarojs/taro'
import type { Contract, InputOf, OutputOf } from '../../types/contract'
import { ERRORS, type Result } from '../../types/errors'

/**
 * The only place that calls a function (D23): the function name comes from the contract, the envelope is
 * the same for every call, and every failure becomes a Result with a Chinese message.
 */

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'

/** A fresh request id: 24 chars of [A-Za-z0-9_-]. Random enough to tell two form fills apart. */
export function newRequestId(): string {
  let id = Date.now().toString(36)
  while (id.length < 24) id += ID_CHARS[Math.floor(Math.random() * ID_CHARS.length)]
  return id
}

const networkFailed = <T>(): Result<T> => ({ ok: false, error: { code: 'NETWORK_FAILED', message: ERRORS.NETWORK_FAILED } })

function isResult(v: unknown): v is Result<unknown> {
  if (!v || typeof v !== 'object') return false
  const r = v as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } }
  if (r.ok === true) return 'data' in r
  return r.ok === false && !!r.error && typeof r.error.code === 'string' && typeof r.error.message === 'string'
}

/**
 * How an envelope reaches a function, chosen once per build. Kept out of any async function so the
 * constant TARO_ENV test folds away and each build carries only its own branch.
 */
const send: (fn: string, envelope: object) => Promise<unknown> =
  process.env.TARO_ENV === 'h5'
    ? (fn, envelope) =>
        // The local host answers HTTP 200 with a Result for application errors; anything else is not a Result.
        fetch('/api/' + fn, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(envelope),
        }).then((res) => res.json() as Promise<unknown>)
    : (fn, envelope) => Taro.cloud.callFunction({ name: fn, data: envelope }).then((res) => res.result as unknown)

export interface CallOptions {
  /** Reuse one id per filled form until it succeeds, so a retry cannot create a second record. */
  requestId?: string
}

export async function call<C extends Contract>(
  contract: C,
  input: InputOf<C>,
  opts: CallOptions = {},
): Promise<Result<OutputOf<C>>> {
  const envelope = { op: contract.op, input, requestId: opts.requestId ?? newRequestId() }
  let reply: unknown
  try {
    reply = await send(contract.fn, envelope)
  } catch {
    return networkFailed()
  }
  return isResult(reply) ? (reply as Result<OutputOf<C>>) : networkFailed()
}
