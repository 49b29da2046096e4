import type { z } from 'zod'
import type { Contract, ContractRecord } from '../../../types/contract'
import type { Ports } from '../ports'
import type { TxStore } from '../ports/store'
import type { Caller } from './caller'
import type { CaseDoc, OfficerView, RequestDoc, StationDoc } from './records'
import type { AdminScope } from './scope'

export interface HandlerContext {
  caller: Caller
  ports: Ports
  /** The bound officer, for officer and admin operations. */
  officer: OfficerView | null
  /** The case named by `input.id`, loaded and access-checked before the handler (contract `caseAccess`). */
  caseDoc: CaseDoc | null
  /** The station the input names, loaded and access-checked before the handler (contract `stationAccess`). */
  station: StationDoc | null
  /** Where the officer is an admin (operations for admins and on stations). */
  scope: AdminScope | null
  /**
   * For idempotent operations: write the result under the request key inside the handler's transaction. The insert
   * is also what finds a retry (the record is there: STORE_CONFLICT, ADR 0053), so nothing a rerun would repeat may
   * be written before that transaction, other than writes that are keyed and idempotent.
   */
  remember: (tx: TxStore, result: unknown) => Promise<void>
  /**
   * For operations that change their case (contract `caseWrite`): the transaction `caseDoc` was read in, which the
   * handler writes in; the dispatcher commits it when the handler returns (ADR 0049). Null otherwise.
   */
  tx: TxStore | null
  /** What to do once that transaction has committed (telling people of the change); at once when there is none. */
  afterCommit: (f: () => Promise<void>) => void
}

export interface Handler<C extends Contract = Contract> {
  readonly contract: C
  /**
   * A method, so that a handler of one contract is also a `Handler` of any contract: the dispatcher only
   * ever gives it the input its own contract parsed.
   */
  run(input: z.output<C['input']>, ctx: HandlerContext): Promise<z.input<C['output']>>
}

export const defineHandler = <C extends Contract>(contract: C, run: Handler<C>['run']): Handler<C> => ({ contract, run })

/**
 * One handler for each contract of a record, under the same name. A missing name, an extra one, or a
 * handler of another contract (each contract's `op` is a literal type) is a type error.
 */
export type HandlersOf<R extends ContractRecord> = { readonly [K in keyof R]: Handler<R[K]> }

/**
 * `HandlersOf<R>` for a record put together from spreads, which escape the check for extra names that an
 * object literal gets: a name `R` lacks is a type error here too.
 */
export const handlersFor = <R extends ContractRecord, H extends HandlersOf<R>>(
  _contracts: R,
  handlers: H & { readonly [K in Exclude<keyof H, keyof R>]: never },
): HandlersOf<R> => handlers

/**
 * The handlers of a record by `fn:op`, as the dispatcher looks them up. Two operations of one function
 * under one op name would make one unreachable: that throws when the functions load.
 */
export const byOperation = (handlers: Readonly<Record<string, Handler>>): ReadonlyMap<string, Handler> => {
  const out = new Map<string, Handler>()
  for (const [name, h] of Object.entries(handlers)) {
    const key = `${h.contract.fn}:${h.contract.op}`
    if (out.has(key)) throw new Error(`operation ${key} is defined twice (${name})`)
    out.set(key, h)
  }
  return out
}

export type { RequestDoc }
