import type { z } from 'zod'
import type { Contract } from '../../../types/contract'
import type { Ports } from '../ports'
import type { TxStore } from '../ports/store'
import type { Caller } from './caller'
import type { CaseDoc, OfficerView, RequestDoc } from './records'

export interface HandlerContext {
  caller: Caller
  ports: Ports
  /** The bound officer, for officer and admin operations. */
  officer: OfficerView | null
  /** The case named by `input.id`, loaded and access-checked before the handler (contract `caseAccess`). */
  caseDoc: CaseDoc | null
  /** For idempotent operations: write the result under the request key inside the handler's transaction. */
  remember: (tx: TxStore, result: unknown) => Promise<void>
}

export interface Handler<C extends Contract = Contract> {
  contract: C
  run: (input: z.output<C['input']>, ctx: HandlerContext) => Promise<z.input<C['output']>>
}

export const defineHandler = <C extends Contract>(contract: C, run: Handler<C>['run']): Handler<C> => ({ contract, run })

export type { RequestDoc }
