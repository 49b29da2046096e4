import type { z } from 'zod'
import { mayAccessCase } from '../../../../types/authz'
import type { Contract } from '../../../../types/contract'
import * as A from '../../../../types/contracts/case-actions'
import { CASE_STATE_LABEL } from '../../../../types/domain'
import { AppError } from '../../../../types/errors'
import { MAX_TRANSFERS, TRANSITIONS, type Command, type CommandType } from '../../domain/case-engine'
import { viewsOf } from '../../domain/case-relation'
import { COLLECTIONS } from '../../ports/collections'
import { applyCommand } from '../case-actions'
import { defineHandler, type Handler, type HandlerContext, type HandlersOf } from '../handler'
import type { CaseDoc, OfficerView } from '../records'
import { stationsById } from '../stations'

/** What every action names: the case and the version the person saw. */
type Target = { id: string; version: number }

/** Which engine command each operation gives. */
export const OP_COMMAND: Record<string, CommandType> = {
  'case.accept': 'accept',
  'case.start': 'start',
  'case.reply': 'reply',
  'case.note': 'note',
  'case.hold': 'hold',
  'case.resume': 'resume',
  'case.transfer': 'transfer',
  'case.answerTransfer': 'transfer_accept',
  'case.escalate': 'escalate',
  'case.refer': 'refer',
  'case.resolve': 'resolve',
  'case.flagGroup': 'flag_group',
  'case.withdraw': 'withdraw',
  'case.addInfo': 'add_info',
  'case.confirm': 'confirm',
  'case.reopen': 'reopen',
}

const result = (doc: CaseDoc) => ({ id: doc._id, version: doc._v, state: doc.state, stateLabel: CASE_STATE_LABEL[doc.state] })

/** The membership the officer acts through: the strongest relation that the action's rule allows. */
const actingStation = async (ctx: HandlerContext, contract: Contract) => {
  const c = ctx.caseDoc!
  const m = viewsOf(ctx.officer!.memberships, c).find((v) => mayAccessCase(contract.caseAccess!, c.privacy, [v]))!.membership
  const station = (await stationsById(ctx.ports.store, [m.stationId])).get(m.stationId)
  return station?.name ?? ''
}

const officerHandler = <I extends z.ZodType<Target>, Op extends string>(
  contract: Contract<I, typeof A.ActionResult, Op>,
  toCommand: (input: z.output<I>) => Command,
  extraStations: (input: z.output<I>) => string[] = () => [],
): Handler<Contract<I, typeof A.ActionResult, Op>> =>
  defineHandler(contract, async (input, ctx) => {
    const stationName = await actingStation(ctx, contract)
    const { doc } = await applyCommand(
      ctx.ports,
      ctx.caseDoc!,
      input.version,
      toCommand(input),
      { actor: 'officer', officerName: ctx.officer!.doc.name, stationName },
      extraStations(input),
    )
    return result(doc)
  })

/** A worker acts only on their own case, found by the keyed hash; anyone else's looks missing. */
const workerHandler = <I extends z.ZodType<Target>, Op extends string>(
  contract: Contract<I, typeof A.ActionResult, Op>,
  toCommand: (input: z.output<I>) => Command,
): Handler<Contract<I, typeof A.ActionResult, Op>> =>
  defineHandler(contract, async (input, ctx) => {
    const c = await ctx.ports.store.get<CaseDoc>(COLLECTIONS.cases, input.id)
    if (!c || c.workerKey !== ctx.ports.secrets.workerKey(ctx.caller.openid!)) throw new AppError('CASE_NOT_FOUND')
    const { doc } = await applyCommand(ctx.ports, c, input.version, toCommand(input), { actor: 'worker' })
    return result(doc)
  })

export const CASE_ACTION_HANDLERS: HandlersOf<typeof A.CASE_ACTION_CONTRACTS> = {
  acceptCase: officerHandler(A.acceptCase, () => ({ type: 'accept' })),
  startCase: officerHandler(A.startCase, () => ({ type: 'start' })),
  replyCase: officerHandler(A.replyCase, (i) => ({ type: 'reply', text: i.text })),
  noteCase: officerHandler(A.noteCase, (i) => ({ type: 'note', text: i.text })),
  holdCase: officerHandler(A.holdCase, (i) => ({ type: 'hold', reason: i.reason })),
  resumeCase: officerHandler(A.resumeCase, () => ({ type: 'resume' })),
  transferCase: officerHandler(A.transferCase, (i) => ({ type: 'transfer', toStationId: i.toStationId, reason: i.reason }), (i) => [i.toStationId]),
  answerTransfer: officerHandler(A.answerTransfer, (i) => (i.accept ? { type: 'transfer_accept' } : { type: 'transfer_decline', reason: i.reason ?? '' })),
  escalateCase: officerHandler(A.escalateCase, (i) => ({ type: 'escalate', reason: i.reason })),
  referCase: officerHandler(A.referCase, (i) => ({ type: 'refer', to: i.to, where: i.where, reason: i.reason })),
  resolveCase: officerHandler(A.resolveCase, (i) => ({ type: 'resolve', text: i.text })),
  flagGroupCase: officerHandler(A.flagGroupCase, (i) => ({ type: 'flag_group', reason: i.reason })),
  withdrawCase: workerHandler(A.withdrawCase, (i) => ({ type: 'withdraw', ...(i.reason ? { reason: i.reason } : {}) })),
  addCaseInfo: workerHandler(A.addCaseInfo, (i) => ({ type: 'add_info', text: i.text })),
  confirmCase: workerHandler(A.confirmCase, (i) => ({ type: 'confirm', rating: i.rating, ...(i.comment ? { comment: i.comment } : {}) })),
  reopenCase: workerHandler(A.reopenCase, (i) => ({ type: 'reopen', reason: i.reason })),
}

/** Guards beyond state and access, so a page never offers an action that would only be refused. */
const possible = (c: CaseDoc, op: string): boolean => {
  const type = OP_COMMAND[op]!
  if (!TRANSITIONS[type].from.includes(c.state)) return false
  switch (op) {
    case 'case.transfer':
      return !c.pendingTransfer && c.transfers < MAX_TRANSFERS
    case 'case.answerTransfer':
      return !!c.pendingTransfer
    case 'case.escalate':
      return c.ownerPath.length > 1
    default:
      return true
  }
}

const ACTIONS = Object.values(A.CASE_ACTION_CONTRACTS)

export const officerActionsFor = (c: CaseDoc, officer: OfficerView): string[] => {
  const views = viewsOf(officer.memberships, c)
  return ACTIONS.filter((a) => a.audience === 'officer' && possible(c, a.op) && mayAccessCase(a.caseAccess!, c.privacy, views)).map((a) => a.op)
}

export const workerActionsFor = (c: CaseDoc): string[] => ACTIONS.filter((a) => a.audience === 'user' && possible(c, a.op)).map((a) => a.op)
