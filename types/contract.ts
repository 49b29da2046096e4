import { z } from 'zod'
import type { FunctionName } from './functions'

/** The function names are defined with the functions (types/functions.ts). */
export type { FunctionName }

/**
 * Who may call an operation at all. Relation to a case (owner, ancestor, …) is checked by the case access
 * table in `authz.ts`, also before the handler runs.
 *  - `user`: any WeChat user (a worker), identified by openid from the function context
 *  - `officer`: a bound station officer
 *  - `admin`: an officer with the admin flag on a city or county membership
 *  - `system`: the timer only; a call that carries an openid is refused
 */
export type Audience = 'user' | 'officer' | 'admin' | 'system'

export interface Contract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, Op extends string = string> {
  readonly fn: FunctionName
  /** The operation's name in its function. Its literal type tells apart two contracts of the same shape. */
  readonly op: Op
  readonly audience: Audience
  readonly input: I
  readonly output: O
  /** Case operations name the case access rule checked before the handler (see authz.ts). */
  readonly caseAccess?: import('./authz').CaseAccess
  /**
   * The operation changes the case (an officer's action): the dispatcher reads the case and checks its access rule
   * inside the transaction the handler writes it in (`HandlerContext.tx`, ADR 0049), so the case is read once.
   */
  readonly caseWrite?: boolean
  /**
   * The case `input.id` names is the caller's own (a worker's, found by their keyed hash, D5): the dispatcher reads
   * and checks it as it does a `caseAccess` case, and anyone else's looks missing (CASE_NOT_FOUND).
   */
  readonly workerCase?: boolean
  /**
   * Station operations name the station access rule checked before the handler (see authz.ts), and where the
   * station comes from: an input field with its id, or a document (an invite, a membership, a policy notice, an alert) the field names.
   * Without `from` the rule needs no station (a city admin's settings).
   */
  readonly stationAccess?: {
    /** One rule, or several checked in order (the first refusal wins), possibly chosen by the input. */
    readonly access:
      | import('./authz').StationAccess
      | ((input: z.output<I>) => import('./authz').StationAccess | readonly import('./authz').StationAccess[])
    readonly from?: { readonly field: string; readonly via?: 'invite' | 'membership' | 'notice' | 'alert' | 'surveyCampaign' | 'surveyTask' }
    /**
     * An input field that, when given, names a station that must lie at or below the named one (its path
     * holds it): e.g. a station filter inside 全辖区. Anything else is STATION_OUT_OF_SCOPE.
     */
    readonly within?: { readonly field: string }
  }
  /** Creates something: the (caller, op, requestId) key returns the first result on retry. */
  readonly idempotent?: boolean
  /** The per-caller limit this operation counts against (types/rate-limits.ts); a retried request is not counted again. */
  readonly rateLimit?: import('./rate-limits').RateBucket
}

export const defineContract = <I extends z.ZodType, O extends z.ZodType, Op extends string>(c: Contract<I, O, Op>): Contract<I, O, Op> => c

/**
 * The operations of one contract file under stable names (each contract's export name). The handlers are a
 * record with the same keys (`HandlersOf` in the functions), so a contract without a handler, or a handler
 * without a contract, does not compile.
 */
export type ContractRecord = Readonly<Record<string, Contract>>

export type InputOf<C> = C extends Contract<infer I, z.ZodType> ? z.input<I> : never
export type OutputOf<C> = C extends Contract<z.ZodType, infer O> ? z.output<O> : never

/** The request envelope, the same for every function. Strict: unknown keys are refused. */
export const Envelope = z.strictObject({
  op: z.string().min(1).max(64),
  input: z.unknown().optional(),
  requestId: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
})
export type Envelope = z.infer<typeof Envelope>

/** Keys the platform adds to a function event; they are dropped before the envelope is parsed. */
export const PLATFORM_EVENT_KEYS = ['userInfo', 'tcbContext', 'Type', 'TriggerName', 'Time'] as const
