import { submitCase } from '../../../../types/contracts/case'
import { AppError } from '../../../../types/errors'
import { caseCounterId, formatCaseNo } from '../../domain/case-number'
import { ROUTE_REASON_TEXT, routeCase } from '../../domain/routing'
import { nextDue } from '../../domain/case-clocks'
import { openCase } from '../../domain/case-engine'
import { clockMinutes } from '../../domain/sla-policy'
import { durationWords } from '../../domain/working-time'
import { COLLECTIONS } from '../../ports/collections'
import { defineHandler } from '../handler'
import { stationRecipients } from '../officers'
import { deliverSoon } from '../outbox'
import { loadPolicy } from '../policy'
import type { CaseDoc, CaseEventDoc, CounterDoc, OutboxDoc, ProjectDoc, StationDoc } from '../records'
import { refOf } from '../case-actions'
import { chainOf, getStationOr404 } from '../stations'
import { calendarNow, covered, deadlineView } from '../time'

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
  const cityAdmins = async () => (await stationRecipients(ports, owner.path[0]!, true)).filter((m) => m.admin)
  const calendarGap = !covered(calendar, clocks.accept.dueAt, clocks.firstReply.dueAt, clocks.resolve.dueAt)
  const recipients = [
    ...(await stationRecipients(ports, owner._id, input.privacy === 'confidential')).map((m) => ({ m, summary: '新的诉求待受理', kind: 'case.new' as const })),
    // A deadline in a year without a holiday arrangement: city admins are asked to enter the year.
    ...(calendarGap ? (await cityAdmins()).map((m) => ({ m, summary: '请补录下一年节假日', kind: 'case.warning' as const })) : []),
    // 群体性: the county owns it and the city is told at once.
    ...(route.group ? (await cityAdmins()).map((m) => ({ m, summary: '群体性诉求', kind: 'case.escalated' as const })) : []),
  ]
  const id = ports.ids.next()

  const rows: OutboxDoc[] = []
  const result = await ports.store.transaction(async (tx) => {
    rows.length = 0
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
      nextDueAt: nextDue(clocks),
      ...(calendarGap ? { calendarGap } : {}),
    }
    await tx.insert<CaseDoc>(COLLECTIONS.cases, doc)

    const event = (n: number, kind: CaseEventDoc['kind'], text: string): Omit<CaseEventDoc, '_v'> => ({
      _id: `${id}-e${n}`,
      caseId: id,
      at: now,
      kind,
      text,
      internal: false,
      actor: kind === 'submitted' ? 'worker' : 'system',
    })
    await tx.insert<CaseEventDoc>(COLLECTIONS.caseEvents, event(1, 'submitted', `诉求已提交，编号 ${caseNo}`))
    const why = route.reasons.map((r) => ROUTE_REASON_TEXT[r]).join('；')
    await tx.insert<CaseEventDoc>(COLLECTIONS.caseEvents, event(2, 'routed', `由 ${owner.name} 办理（${why}）`))

    if (calendarGap)
      await tx.insert<CaseEventDoc>(COLLECTIONS.caseEvents, {
        ...event(3, 'note', '有时限落在还没有节假日安排的年份，暂按普通周末计算，已提醒市级管理员补录'),
        internal: true,
      })
    for (const { m, summary, kind } of recipients) {
      const row = await tx.insert<OutboxDoc>(COLLECTIONS.outbox, {
        _id: `${id}-n-${kind}-${m._id}`,
        kind,
        to: m.openid,
        caseId: id,
        data: { caseNo, summary },
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      })
      rows.push(row)
    }

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
