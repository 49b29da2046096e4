import { submitCase } from '../../../../types/contracts/case'
import { AppError } from '../../../../types/errors'
import { caseCounterId, formatCaseNo } from '../../domain/case-number'
import { ROUTE_REASON_TEXT, routeCase } from '../../domain/routing'
import { nextDue } from '../../domain/case-clocks'
import { openCase, type Outcome } from '../../domain/case-engine'
import { clockMinutes } from '../../domain/sla-policy'
import { durationWords } from '../../domain/working-time'
import { COLLECTIONS } from '../../ports/collections'
import { defineHandler } from '../handler'
import { deliverSoon } from '../outbox'
import { loadPolicy } from '../policy'
import type { CaseDoc, CounterDoc, OutboxDoc, ProjectDoc, StationDoc } from '../records'
import { flagCalendarGap, recipientsFor, refOf, writeEffects } from '../case-actions'
import { chainOf, getStationOr404 } from '../stations'
import { calendarNow, deadlineView } from '../time'

/** Intake: route, number, clock and store a case with its first events and notices, all in one transaction. */
export const submitCaseHandler = defineHandler(submitCase, async (input, ctx) => {
  const { ports, caller } = ctx
  const openid = caller.openid
  if (!openid) throw new AppError('AUTH_REQUIRED')
  const scanned = await getStationOr404(ports.store, input.stationId)
  const chain = await chainOf(ports.store, scanned)
  let projectChain: StationDoc[] | undefined
  if (input.projectId) {
    const project = await ports.store.get<ProjectDoc>(COLLECTIONS.projects, input.projectId)
    if (!project) throw new AppError('REQUEST_INVALID', '没有找到这个工程项目，请重新选择', ['projectId'])
    if (input.category === 'wage_arrears') projectChain = await chainOf(ports.store, await getStationOr404(ports.store, project.responsibleStationId))
  }
  const lite = (list: StationDoc[]) => list.map((s) => ({ id: s._id, kind: s.kind, status: s.status }))
  const route = routeCase({
    chain: lite(chain),
    ...(projectChain ? { projectChain: lite(projectChain) } : {}),
    privacy: input.privacy,
    workersAffected: input.workersAffected,
  })
  const owner = [...chain, ...(projectChain ?? [])].find((s) => s._id === route.ownerId)!
  const now = ports.clock.now()
  const policy = await loadPolicy(ports.store)
  const track = { category: input.category, workersAffected: input.workersAffected, groupFlag: route.group }
  const mins = clockMinutes(policy, track)
  const calendar = calendarNow()
  const model = openCase({ ...track, privacy: input.privacy, owner: refOf(owner) }, now, calendar, policy)
  const { clocks } = model
  const anonymous = input.privacy === 'anonymous'
  const why = route.reasons.map((r) => ROUTE_REASON_TEXT[r]).join('；')
  // Intake's own effects, in the engine's terms, so they are written and delivered like every other change.
  const effects: Outcome = {
    next: model,
    nextDueAt: nextDue(clocks),
    events: [
      // The text of the first event names the case number, known only inside the transaction.
      { kind: 'submitted', text: '', internal: false, actor: 'worker' },
      { kind: 'routed', text: `由 ${owner.name} 办理（${why}）`, internal: false, actor: 'system' },
    ],
    notices: [
      { kind: 'case.new', target: { to: 'station', stationId: owner._id }, summary: '新的诉求待受理' },
      // 群体性: the county owns it and the city is told at once.
      ...(route.group ? [{ kind: 'case.escalated' as const, target: { to: 'city_admins' as const }, summary: '群体性诉求' }] : []),
    ],
  }
  const intake = flagCalendarGap({}, effects, calendar)
  const calendarGap = intake !== effects
  const recipients = await recipientsFor(ports, { privacy: input.privacy, ownerPath: owner.path, ...(anonymous ? {} : { workerOpenid: openid }) }, intake.notices)
  const id = ports.ids.next()

  let rows: OutboxDoc[] = []
  const result = await ports.store.transaction(async (tx) => {
    const counterId = caseCounterId(owner.abbr, now)
    const counter = await tx.get<CounterDoc>(COLLECTIONS.counters, counterId)
    const seq = (counter?.value ?? 0) + 1
    if (counter) await tx.update<CounterDoc>(COLLECTIONS.counters, counterId, counter._v, { value: seq })
    else await tx.insert<CounterDoc>(COLLECTIONS.counters, { _id: counterId, value: seq })
    const caseNo = formatCaseNo(owner.abbr, now, seq)

    const doc: Omit<CaseDoc, '_v'> = {
      _id: id,
      caseNo,
      channel: input.channel,
      stationId: scanned._id,
      ...model,
      ...(input.projectId ? { projectId: input.projectId } : {}),
      description: input.description,
      ...(input.amountOwed !== undefined ? { amountOwed: input.amountOwed } : {}),
      aboutOwnEmployer: input.aboutOwnEmployer,
      ...(anonymous || !input.contact ? {} : { identity: { name: input.contact.name, phone: input.contact.phone } }),
      ...(anonymous ? {} : { workerOpenid: openid }),
      workerKey: ports.secrets.workerKey(openid),
      updatedAt: now,
      nextDueAt: effects.nextDueAt,
      ...(calendarGap ? { calendarGap } : {}),
    }
    await tx.insert<CaseDoc>(COLLECTIONS.cases, doc)

    const events = intake.events.map((e) => (e.kind === 'submitted' ? { ...e, text: `诉求已提交，编号 ${caseNo}` } : e))
    rows = await writeEffects(tx, ports, doc, { events }, recipients, { actor: 'worker' }, now)

    const result = {
      id,
      caseNo,
      ownerStationName: owner.name,
      privacy: input.privacy,
      acceptPromise: `${durationWords(mins.accept)}内受理`,
      acceptDue: deadlineView(now, clocks.accept.dueAt!),
    }
    await ctx.remember(tx, result)
    return result
  })
  await deliverSoon(ports, rows)
  return result
})
