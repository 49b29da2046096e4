import { submitCase } from '../../../../types/contracts/case'
import { AppError } from '../../../../types/errors'
import { caseCounterId, formatCaseNo } from '../../domain/case-number'
import { ROUTE_REASON_TEXT, routeCase } from '../../domain/routing'
import { DEFAULT_SLA_POLICY, clockMinutes, dueTimes } from '../../domain/sla-policy'
import { durationWords } from '../../domain/working-time'
import { COLLECTIONS } from '../../ports/collections'
import { defineHandler } from '../handler'
import { stationRecipients } from '../officers'
import type { CaseDoc, CaseEventDoc, CounterDoc, OutboxDoc } from '../records'
import { chainOf, getStationOr404 } from '../stations'
import { calendar, deadlineView } from '../time'

/** Intake: route, number, clock and store a case with its first events and notices, all in one transaction. */
export const submitCaseHandler = defineHandler(submitCase, async (input, ctx) => {
  const { ports, caller } = ctx
  const openid = caller.openid
  if (!openid) throw new AppError('AUTH_REQUIRED')
  const scanned = await getStationOr404(ports.store, input.stationId)
  const chain = await chainOf(ports.store, scanned)
  const route = routeCase({ chain: chain.map((s) => ({ id: s._id, kind: s.kind, status: s.status })), privacy: input.privacy, workersAffected: input.workersAffected })
  const owner = chain.find((s) => s._id === route.ownerId)!
  const now = ports.clock.now()
  const track = { category: input.category, workersAffected: input.workersAffected, groupFlag: route.group }
  const due = dueTimes(calendar, DEFAULT_SLA_POLICY, track, now)
  const acceptMinutes = clockMinutes(DEFAULT_SLA_POLICY, track).accept
  const anonymous = input.privacy === 'anonymous'
  const recipients = await stationRecipients(ports, owner._id, input.privacy === 'confidential')
  const id = ports.ids.next()

  return ports.store.transaction(async (tx) => {
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
      firstStationId: owner._id,
      ownerStationId: owner._id,
      ownerPath: owner.path,
      ownerCountyId: owner.countyId ?? null,
      supervisorStationId: null,
      category: input.category,
      description: input.description,
      ...(input.amountOwed !== undefined ? { amountOwed: input.amountOwed } : {}),
      workersAffected: input.workersAffected,
      groupFlag: route.group,
      privacy: input.privacy,
      aboutOwnEmployer: input.aboutOwnEmployer,
      ...(anonymous || !input.contact ? {} : { identity: { name: input.contact.name, phone: input.contact.phone } }),
      ...(anonymous ? {} : { workerOpenid: openid }),
      workerKey: ports.secrets.workerKey(openid),
      state: 'submitted',
      createdAt: now,
      updatedAt: now,
      acceptDueAt: due.accept,
      firstReplyDueAt: due.firstReply,
      resolveDueAt: due.resolve,
      nextDueAt: Math.min(due.accept, due.firstReply, due.resolve),
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

    for (const m of recipients) {
      await tx.insert<OutboxDoc>(COLLECTIONS.outbox, {
        _id: `${id}-n-${m._id}`,
        kind: 'case.new',
        to: m.openid,
        caseId: id,
        data: { caseNo, station: owner.name, category: input.category },
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      })
    }

    const result = {
      id,
      caseNo,
      ownerStationName: owner.name,
      privacy: input.privacy,
      acceptPromise: `${durationWords(acceptMinutes)}内受理`,
      acceptDue: deadlineView(now, due.accept),
    }
    await ctx.remember(tx, result)
    return result
  })
})
