import type { z } from 'zod'
import { mayAccessCase } from '../../../../types/authz'
import type { Contract } from '../../../../types/contract'
import * as A from '../../../../types/contracts/case-actions'
import { CASE_STATE_LABEL } from '../../../../types/domain'
import { AppError } from '../../../../types/errors'
import { availableCommands, type Command, type CommandType } from '../../domain/case-engine'
import { viewsOf } from '../../domain/case-relation'
import { eventText, wordsEvent } from '../../domain/content-safety'
import { caseVersion } from '../../domain/thread'
import { applyCommand } from '../case-actions'
import { conclusionChoice } from '../conclusions'
import { checkContent } from '../content-safety'
import { defineHandler, type Handler, type HandlerContext, type HandlersOf } from '../handler'
import { mediaToAttach } from '../media'
import type { CaseDoc, OfficerView } from '../records'

/** What every action names: the case and the version the person saw. */
type Target = { id: string; version: number }

type ActionContract<I extends z.ZodType, Op extends string> = Contract<I, typeof A.ActionResult, Op>

/**
 * An action operation's handler, with the engine commands it gives (`gives`). Its input becomes one of those
 * commands in one place, `toCommand`; the same entry says when a page offers the action (one of its
 * commands is available on the case).
 */
interface ActionHandler<C extends Contract = Contract> extends Handler<C> {
  readonly gives: readonly CommandType[]
}

const result = (doc: CaseDoc) => ({ id: doc._id, version: caseVersion(doc), state: doc.state, stateLabel: CASE_STATE_LABEL[doc.state] })

/**
 * The store version of the case the person saw, or CASE_CONFLICT: pages carry the version a person acts on
 * (`caseVersion`, which the other side reading the conversation does not move).
 */
const storedVersion = (c: CaseDoc, seen: number) => {
  if (caseVersion(c) !== seen) throw new AppError('CASE_CONFLICT')
  return c._v
}

/** A message's photos and voice notes (messages name them by id): the sender's own, not yet on any record. */
const messageMedia = (ctx: HandlerContext, input: object) => {
  const ids = 'media' in input && Array.isArray(input.media) ? (input.media as string[]) : []
  return ids.length ? mediaToAttach(ctx.ports, ctx.caller.openid!, ids) : Promise.resolve([])
}

/** The transaction the dispatcher read the case in, for the command to be written in (contract `caseWrite`, ADR 0049). */
const within = (ctx: HandlerContext) => (ctx.tx ? { within: { tx: ctx.tx, afterCommit: ctx.afterCommit } } : {})

/** The station of the membership the officer acts through: the strongest relation that the action's rule allows. */
const actingStation = (ctx: HandlerContext, contract: Contract): string => {
  const c = ctx.caseDoc!
  return viewsOf(ctx.officer!.memberships, c).find((v) => mayAccessCase(contract.caseAccess!, c.privacy, [v]))!.membership.stationId
}

const officerAction = <I extends z.ZodType<Target>, Op extends string, T extends CommandType>(
  contract: ActionContract<I, Op>,
  gives: readonly T[],
  toCommand: (input: z.output<I>, ctx: HandlerContext) => Extract<Command, { type: NoInfer<T> }> | Promise<Extract<Command, { type: NoInfer<T> }>>,
  extraStations: (input: z.output<I>) => string[] = () => [],
): ActionHandler<ActionContract<I, Op>> => ({
  gives,
  ...defineHandler(contract, async (input, ctx) => {
    const version = storedVersion(ctx.caseDoc!, input.version)
    // Its name is read with the case's stations, in applyCommand.
    const stationId = actingStation(ctx, contract)
    const { doc } = await applyCommand(
      ctx.ports,
      ctx.caseDoc!,
      version,
      await toCommand(input, ctx),
      { actor: 'officer', officerId: ctx.officer!.doc._id, officerName: ctx.officer!.doc.name, stationId, known: ctx.officer!.stations },
      extraStations(input),
      { media: await messageMedia(ctx, input), ...within(ctx) },
    )
    return result(doc)
  }),
})

/** A worker acts only on their own case, found by the keyed hash; anyone else's looks missing. */
const workerAction = <I extends z.ZodType<Target>, Op extends string, T extends CommandType>(
  contract: ActionContract<I, Op>,
  gives: readonly T[],
  toCommand: (input: z.output<I>) => Extract<Command, { type: NoInfer<T> }>,
): ActionHandler<ActionContract<I, Op>> => ({
  gives,
  ...defineHandler(contract, async (input, ctx) => {
    // The worker's own case, read and checked by the dispatcher in the transaction written in here (contracts
    // `workerCase`, `caseWrite`: ADR 0049).
    const c = ctx.caseDoc!
    const media = await messageMedia(ctx, input)
    const cmd = toCommand(input)
    const { doc, events } = await applyCommand(ctx.ports, c, storedVersion(c, input.version), cmd, { actor: 'worker' }, [], { media, ...within(ctx) })
    // The worker's words, once stored — a message (补充, 没有解决), a withdrawal reason, a rating comment: content
    // security (ADR 0032, 0039), with the openid of this call, recorded and never refusing.
    const words = wordsEvent(cmd, events, media.length > 0)
    if (words) {
      const thing = { about: 'message' as const, caseId: c._id, eventId: words._id }
      ctx.afterCommit(() => checkContent(ctx.ports, { thing, text: eventText(words), media, writer: c.workerOpenid ? { as: 'worker' } : null }, ctx.caller.openid))
    }
    return result(doc)
  }),
})

/** Each action operation and the engine command its input gives: the one mapping from operations to commands. */
const ACTIONS = {
  acceptCase: officerAction(A.acceptCase, ['accept'], () => ({ type: 'accept' })),
  startCase: officerAction(A.startCase, ['start'], () => ({ type: 'start' })),
  replyCase: officerAction(A.replyCase, ['reply'], (i) => ({ type: 'reply', text: i.text })),
  noteCase: officerAction(A.noteCase, ['note'], (i) => ({ type: 'note', text: i.text })),
  holdCase: officerAction(A.holdCase, ['hold'], (i) => ({ type: 'hold', reason: i.reason })),
  resumeCase: officerAction(A.resumeCase, ['resume'], () => ({ type: 'resume' })),
  transferCase: officerAction(
    A.transferCase,
    ['transfer'],
    (i) => ({ type: 'transfer', toStationId: i.toStationId, reason: i.reason }),
    (i) => [i.toStationId],
  ),
  answerTransfer: officerAction(A.answerTransfer, ['transfer_accept', 'transfer_decline'], (i) =>
    i.accept ? { type: 'transfer_accept' } : { type: 'transfer_decline', reason: i.reason ?? '' },
  ),
  escalateCase: officerAction(A.escalateCase, ['escalate'], (i) => ({ type: 'escalate', reason: i.reason })),
  referCase: officerAction(A.referCase, ['refer'], (i) => ({ type: 'refer', to: i.to, where: i.where, reason: i.reason })),
  resolveCase: officerAction(A.resolveCase, ['resolve'], async (i, ctx) => ({ type: 'resolve', text: i.text, conclusion: await conclusionChoice(ctx.ports.store, i) })),
  flagGroupCase: officerAction(A.flagGroupCase, ['flag_group'], (i) => ({ type: 'flag_group', reason: i.reason })),
  superviseCase: officerAction(A.superviseCase, ['supervise'], (i) => ({ type: 'supervise', text: i.text })),
  withdrawCase: workerAction(A.withdrawCase, ['withdraw'], (i) => ({ type: 'withdraw', ...(i.reason ? { reason: i.reason } : {}) })),
  addCaseInfo: workerAction(A.addCaseInfo, ['add_info'], (i) => ({ type: 'add_info', text: i.text })),
  confirmCase: workerAction(A.confirmCase, ['confirm'], (i) => ({ type: 'confirm', rating: i.rating, ...(i.comment ? { comment: i.comment } : {}) })),
  reopenCase: workerAction(A.reopenCase, ['reopen'], (i) => ({ type: 'reopen', reason: i.reason })),
} satisfies HandlersOf<typeof A.CASE_ACTION_CONTRACTS>

export const CASE_ACTION_HANDLERS: HandlersOf<typeof A.CASE_ACTION_CONTRACTS> = ACTIONS

/** In the order of the contracts: pages list them so. */
const ACTION_LIST: readonly ActionHandler[] = Object.values(ACTIONS)

/** The actions whose command the engine would take on this case now (state and guards, `availableCommands`). */
const possibleNow = (c: CaseDoc) => {
  const commands = new Set(availableCommands(c))
  return ACTION_LIST.filter((a) => a.gives.some((t) => commands.has(t)))
}

/** What an officer may do on a case now: possible now, and allowed to them by the access table. */
export const officerActionsFor = (c: CaseDoc, officer: OfficerView): string[] => {
  const views = viewsOf(officer.memberships, c)
  return possibleNow(c)
    .filter((a) => a.contract.audience === 'officer' && mayAccessCase(a.contract.caseAccess!, c.privacy, views))
    .map((a) => a.contract.op)
}

/** What the worker may do on their own case now. */
export const workerActionsFor = (c: CaseDoc): string[] =>
  possibleNow(c)
    .filter((a) => a.contract.audience === 'user')
    .map((a) => a.contract.op)
