import { getMyCase, listMyCases } from '../../../../types/contracts/case'
import { AppError } from '../../../../types/errors'
import { COLLECTIONS } from '../../ports/collections'
import { timelineOf, workerRow } from '../cases'
import { defineHandler } from '../handler'
import { workerActionsFor } from './case-actions.handlers'
import type { CaseDoc } from '../records'
import { stationsById } from '../stations'

/** 我的诉求: every case filed from this WeChat account, anonymous ones included, found by the keyed hash (D5). */
export const listMyCasesHandler = defineHandler(listMyCases, async ({ after, limit }, { ports, caller }) => {
  const workerKey = ports.secrets.workerKey(caller.openid!)
  const page = await ports.store.find<CaseDoc>(COLLECTIONS.cases, {
    where: { workerKey },
    orderBy: { field: 'createdAt', dir: 'desc' },
    limit,
    after,
  })
  const stations = await stationsById(ports.store, page.items.map((c) => c.ownerStationId))
  const now = ports.clock.now()
  return { items: page.items.map((c) => workerRow(c, stations, now)), ...(page.next ? { next: page.next } : {}) }
})

export const getMyCaseHandler = defineHandler(getMyCase, async ({ id }, { ports, caller }) => {
  const c = await ports.store.get<CaseDoc>(COLLECTIONS.cases, id)
  // Someone else's case looks exactly like a missing one.
  if (!c || c.workerKey !== ports.secrets.workerKey(caller.openid!)) throw new AppError('CASE_NOT_FOUND')
  const stations = await stationsById(ports.store, [c.ownerStationId])
  const now = ports.clock.now()
  return {
    ...workerRow(c, stations, now),
    description: c.description,
    ...(c.amountOwed !== undefined ? { amountOwed: c.amountOwed } : {}),
    workersAffected: c.workersAffected,
    ownerStationName: stations.get(c.ownerStationId)?.name ?? '',
    timeline: await timelineOf(ports.store, c._id, false),
    version: c._v,
    actions: workerActionsFor(c),
    rating: c.rating,
  }
})
