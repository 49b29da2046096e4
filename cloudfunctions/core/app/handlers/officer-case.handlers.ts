import { INBOX_TAB_LABEL, getCaseDetail, listInbox, type InboxTab } from '../../../../types/contracts/case'
import { IDENTITY_SIDES, mayAccessCase } from '../../../../types/authz'
import { SIDE_LABEL, type CaseState } from '../../../../types/domain'
import { AppError } from '../../../../types/errors'
import { viewsOf } from '../../domain/case-relation'
import { COLLECTIONS } from '../../ports/collections'
import type { Where } from '../../ports/store'
import { inboxRow, timelineOf, visibleToSide } from '../cases'
import { defineHandler } from '../handler'
import { officerActionsFor } from './case-actions.handlers'
import type { AccessLogDoc, CaseDoc } from '../records'
import { stationsById } from '../stations'

const TAB_STATES: Record<Exclude<InboxTab, 'incoming'>, CaseState[]> = {
  supervising: ['submitted', 'accepted', 'in_progress', 'on_hold', 'resolved'],
  pending: ['submitted'],
  active: ['accepted', 'in_progress', 'on_hold', 'resolved'],
  done: ['closed', 'closed_unconfirmed', 'withdrawn', 'referred'],
}

/** The owning station's cases by tab: only those the membership's side may see (D8a), in rows and in counts. */
export const listInboxHandler = defineHandler(listInbox, async ({ stationId, tab, after, limit }, { ports, officer }) => {
  const membership = officer!.memberships.find((m) => m.stationId === stationId)
  if (!membership) throw new AppError('STATION_OUT_OF_SCOPE')
  const privacyFilter = visibleToSide(membership.side)
  // 转来 (waiting to be taken over): cases another station wants to hand over to this one (the owner is still the other station).
  // 督办: open cases of lower stations that this station supervises after a missed deadline (D14).
  const where = (t: InboxTab): Where =>
    t === 'incoming'
      ? { transferTargetId: stationId, ...privacyFilter }
      : t === 'supervising'
        ? { supervisorStationId: stationId, state: { $in: TAB_STATES[t] }, ...privacyFilter }
        : { ownerStationId: stationId, state: { $in: TAB_STATES[t] }, ...privacyFilter }
  const page = await ports.store.find<CaseDoc>(COLLECTIONS.cases, {
    where: where(tab),
    orderBy: { field: 'createdAt', dir: tab === 'pending' || tab === 'incoming' ? 'asc' : 'desc' },
    limit,
    after,
  })
  const counts = Object.fromEntries(
    await Promise.all((Object.keys(INBOX_TAB_LABEL) as InboxTab[]).map(async (t) => [t, await ports.store.count(COLLECTIONS.cases, where(t))])),
  ) as Record<InboxTab, number>
  const stations = await stationsById(ports.store, page.items.map((c) => c.ownerStationId))
  const now = ports.clock.now()
  return { items: page.items.map((c) => inboxRow(c, stations, now)), counts, ...(page.next ? { next: page.next } : {}) }
})

/**
 * One case for an officer. Identity only where the table allows (D3, D4), and every time it is shown an
 * access-log row is written first: no log, no identity.
 */
export const getCaseDetailHandler = defineHandler(getCaseDetail, async (_input, { ports, officer, caseDoc }) => {
  const c = caseDoc!
  const views = viewsOf(officer!.memberships, c)
  const mayIdentity = mayAccessCase('view_identity', c.privacy, views)
  const now = ports.clock.now()
  let identity: { name: string; phone: string } | null = null
  if (mayIdentity && c.identity) {
    const via = views.find((m) => mayAccessCase('view_identity', c.privacy, [m]))!
    await ports.store.insert<AccessLogDoc>(COLLECTIONS.accessLog, {
      _id: ports.ids.next(),
      caseId: c._id,
      at: now,
      officerId: officer!.doc._id,
      stationId: via.membership.stationId,
      what: 'identity',
      why: 'case.detail',
      countyId: c.ownerPath[1] ?? null,
      privacy: c.privacy,
      caseNo: c.caseNo,
      officerName: officer!.doc.name,
    })
    identity = { ...c.identity }
  }
  const allowedSides = IDENTITY_SIDES[c.privacy].map((s) => SIDE_LABEL[s].replace('方', '')).join('/')
  const identityNote =
    c.privacy === 'anonymous'
      ? '匿名反映：没有保存职工的姓名和电话'
      : identity
        ? c.privacy === 'confidential'
          ? `对单位保密：身份仅${allowedSides}方可见，请勿向企业透露`
          : '职工同意公开身份给驿站'
        : c.privacy === 'confidential'
          ? `对单位保密：身份仅${allowedSides}方可见`
          : '你所在的驿站不能查看这位职工的身份'
  const stations = await stationsById(ports.store, [
    c.ownerStationId,
    c.stationId,
    ...(c.supervisorStationId ? [c.supervisorStationId] : []),
    ...(c.pendingTransfer ? [c.pendingTransfer.toStationId, c.pendingTransfer.fromStationId] : []),
  ])
  const nameOf = (id: string) => stations.get(id)?.name ?? ''
  return {
    ...inboxRow(c, stations, now),
    description: c.description,
    ...(c.amountOwed !== undefined ? { amountOwed: c.amountOwed } : {}),
    aboutOwnEmployer: c.aboutOwnEmployer,
    channel: c.channel,
    scannedStationName: stations.get(c.stationId)?.name ?? '',
    ownerStationName: stations.get(c.ownerStationId)?.name ?? '',
    identity,
    identityNote,
    version: c._v,
    actions: officerActionsFor(c, officer!),
    pendingTransfer: c.pendingTransfer
      ? { toStationName: nameOf(c.pendingTransfer.toStationId), fromStationName: nameOf(c.pendingTransfer.fromStationId), reason: c.pendingTransfer.reason }
      : null,
    supervisorStationName: c.supervisorStationId ? nameOf(c.supervisorStationId) : null,
    rating: c.rating,
    timeline: await timelineOf(ports.store, c._id, true),
  }
})
