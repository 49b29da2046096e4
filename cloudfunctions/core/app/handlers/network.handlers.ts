import { isAdminMembership } from '../../../../types/authz'
import * as N from '../../../../types/contracts/network'
import { ROLE_LABEL, SIDE_LABEL } from '../../../../types/domain'
import { AppError, ERRORS } from '../../../../types/errors'
import { RATE_LIMITS } from '../../../../types/rate-limits'
import { countWrong, lockedOut } from '../rate-limit'
import { COLLECTIONS } from '../../ports/collections'
import type { Ports } from '../../ports'
import { TRANSITIONS, type Command } from '../../domain/case-engine'
import { audit } from '../audit'
import { applyCommand } from '../case-actions'
import { findAll } from '../find-all'
import { defineHandler, type HandlerContext, type HandlersOf } from '../handler'
import { findOfficer, roleSideView } from '../officers'
import type { CaseDoc, CounterDoc, InviteDoc, MembershipDoc, OfficerDoc, StationDoc } from '../records'
import { allowsStation, checkStationAccess } from '../scope'
import { getStationOr404, stationEmployerFields, stationSortKey, summary } from '../stations'
import { timeLabel } from '../time'
import { createHash } from 'node:crypto'

const INVITE_HOURS = 72
/** Stations made by admins are numbered from 0100 in their county; 0001–0099 are kept for seeding. */
const FIRST_CREATED_NUMBER = 100

const view = (s: StationDoc, parentName: string) => ({
  ...summary(s),
  parentId: s.parentId,
  parentName,
  address: s.address,
  phone: s.phone,
  hours: s.hours,
  version: s._v,
})

const detailOf = async (ports: Ports, s: StationDoc) => {
  const parent = s.parentId ? await ports.store.get<StationDoc>(COLLECTIONS.stations, s.parentId) : null
  return view(s, parent?.name ?? '')
}

/** The station the input names: loaded and checked against the station access table before the handler. */
const named = (ctx: HandlerContext): StationDoc => ctx.station!

const createStationHandler = defineHandler(N.createStation, async (input, ctx) => {
  const parent = named(ctx)
  if (!N.ALLOWED_PARENTS[input.kind].includes(parent.kind)) throw new AppError('STATION_KIND_PARENT', undefined, ['kind'])
  const { ports } = ctx
  const saved = await ports.store.transaction(async (tx) => {
    const counterId = `stationcode-${parent.abbr}`
    const counter = await tx.get<CounterDoc>(COLLECTIONS.counters, counterId)
    const n = Math.max(counter?.value ?? 0, FIRST_CREATED_NUMBER - 1) + 1
    if (n > 9999) throw new AppError('REQUEST_INVALID', '这个县区的驿站编号已用完，请联系技术人员')
    if (counter) await tx.update<CounterDoc>(COLLECTIONS.counters, counterId, counter._v, { value: n })
    else await tx.insert<CounterDoc>(COLLECTIONS.counters, { _id: counterId, value: n })
    const number = String(n).padStart(4, '0')
    const id = `st-${parent.abbr}-${number}`
    const code = `HZ-${parent.abbr}-${number}`
    const doc = await tx.insert<StationDoc>(COLLECTIONS.stations, {
      _id: id,
      code,
      name: input.name,
      kind: input.kind,
      parentId: parent._id,
      countyId: parent.kind === 'county' ? parent._id : parent.countyId,
      abbr: parent.abbr,
      path: [...parent.path, id],
      address: input.address,
      phone: input.phone,
      hours: input.hours,
      status: 'active',
      demo: false,
      sortKey: stationSortKey(input.kind, code),
      ...stationEmployerFields(input.kind, input.name),
    })
    await audit(tx, ports, ctx.officer!.doc._id, 'station.create', id, `${input.name}（${code}）`)
    // Inside the transaction only its own reads: the parent is already at hand.
    const result = view(doc, parent.name)
    await ctx.remember(tx, result)
    return result
  })
  return saved
})

const getStationDetailHandler = defineHandler(N.getStationDetail, async (_input, ctx) => detailOf(ctx.ports, named(ctx)))

const updateStationHandler = defineHandler(N.updateStation, async ({ id, version, ...fields }, ctx) => {
  const s = named(ctx)
  if (s._v !== version) throw new AppError('STORE_CONFLICT')
  const doc = await ctx.ports.store.transaction(async (tx) => {
    const next = await tx.update<StationDoc>(COLLECTIONS.stations, id, version, { ...fields, ...stationEmployerFields(s.kind, fields.name) })
    await audit(tx, ctx.ports, ctx.officer!.doc._id, 'station.update', id, fields.name)
    return next
  })
  return detailOf(ctx.ports, doc)
})

const setStationStatusHandler = defineHandler(N.setStationStatus, async ({ id, version, status, reason }, ctx) => {
  const s = named(ctx)
  if (s.kind === 'city') throw new AppError('REQUEST_INVALID', '市级驿站是最后的兜底，不能暂停')
  if (s._v !== version) throw new AppError('STORE_CONFLICT')
  const doc = await ctx.ports.store.transaction(async (tx) => {
    const next = await tx.update<StationDoc>(COLLECTIONS.stations, id, version, { status, statusReason: reason })
    await audit(tx, ctx.ports, ctx.officer!.doc._id, 'station.setStatus', id, `${status}：${reason}`)
    return next
  })
  // Its open cases go up to the nearest active station, each in its own versioned step (new cases already do).
  if (status === 'suspended') await moveCasesOff(ctx, doc)
  return detailOf(ctx.ports, doc)
})

/**
 * Moves a station under another parent of its county (the kind rules of ALLOWED_PARENTS; never under itself or
 * below itself). The station and every station below it get their new path in one transaction, with the audit
 * row; then each case held at one of them takes its owner's new path (the engine's `owner_moved`, one versioned
 * step each, with a timeline event): it stays where it is, and the stations above it are the new ones.
 */
const moveStationHandler = defineHandler(N.moveStation, async ({ id, version, parentId, reason }, ctx) => {
  const { ports } = ctx
  const s = named(ctx)
  if (s.kind === 'city' || s.kind === 'county') throw new AppError('REQUEST_INVALID', '市级和县区驿站不能移动')
  if (s._v !== version) throw new AppError('STORE_CONFLICT')
  const parent = await getStationOr404(ports.store, parentId)
  // The new parent must be in the admin's scope too.
  checkStationAccess('admin', parent, ctx.officer!, ctx.scope!)
  if (parent._id === s.parentId) throw new AppError('REQUEST_INVALID', `已经在 ${parent.name} 下面了`, ['parentId'])
  if (parent.path.includes(s._id)) throw new AppError('REQUEST_INVALID', '不能移到自己或自己的下级驿站下面', ['parentId'])
  // Within its county only: so the inbox counter of every station moved keeps the county a 全辖区 finds it by
  // (ADR 0045), and its cases' counted cells (their stations') stay as they are.
  if ((parent.kind === 'county' ? parent._id : parent.countyId) !== s.countyId)
    throw new AppError('REQUEST_INVALID', '只能在本县区内调整上级驿站（驿站编号和诉求编号跟着县区）', ['parentId'])
  if (!N.ALLOWED_PARENTS[s.kind].includes(parent.kind)) throw new AppError('STATION_KIND_PARENT', undefined, ['parentId'])
  if (parent.status !== 'active') throw new AppError('STATION_SUSPENDED', `${parent.name} 暂停服务中，不能作为上级驿站`, ['parentId'])

  // Everything below it, from the county's stations (a county has tens to a few hundred).
  const county = await findAll<StationDoc>(ports.store, COLLECTIONS.stations, { where: { countyId: s.countyId }, orderBy: { field: 'sortKey', dir: 'asc' } })
  const below = county.filter((x) => x._id !== s._id && x.path.includes(s._id))
  const cut = s.path.length - 1
  const newPath = (x: StationDoc) => [...parent.path, ...x.path.slice(cut)]
  const moved = await ports.store.transaction(async (tx) => {
    const next = await tx.update<StationDoc>(COLLECTIONS.stations, s._id, version, { parentId: parent._id, path: newPath(s) })
    for (const x of below) {
      const fresh = await tx.get<StationDoc>(COLLECTIONS.stations, x._id)
      if (!fresh || fresh.path.join('/') !== x.path.join('/')) throw new AppError('STORE_CONFLICT')
      await tx.update<StationDoc>(COLLECTIONS.stations, x._id, fresh._v, { path: newPath(x) })
    }
    const from = county.find((x) => x._id === s.parentId)?.name ?? ''
    await audit(tx, ports, ctx.officer!.doc._id, 'station.move', s._id, `${s.name}：${from} → ${parent.name}（下级 ${below.length} 个）：${reason}`)
    return next
  })

  const ids = [s._id, ...below.map((x) => x._id)]
  const cmd = { type: 'owner_moved' as const, movedName: s.name, parentName: parent.name }
  let casesMoved = 0
  for (let i = 0; i < ids.length; i += 100) {
    const held = await findAll<CaseDoc>(ports.store, COLLECTIONS.cases, { where: { ownerStationId: { $in: ids.slice(i, i + 100) } }, orderBy: { field: 'createdAt', dir: 'asc' } })
    for (const c of held) if (await applyOnFresh(ctx, c, cmd)) casesMoved += 1
  }
  return { ...(await detailOf(ports, moved)), casesMoved }
})

/** The command on the case as read, or — if someone acted on it meanwhile — on a fresh copy once more. */
const applyOnFresh = async (ctx: HandlerContext, c: CaseDoc, cmd: Command): Promise<boolean> => {
  for (let attempt = 0; attempt < 2; attempt++) {
    const doc = attempt === 0 ? c : await ctx.ports.store.get<CaseDoc>(COLLECTIONS.cases, c._id)
    if (!doc) return false
    try {
      await applyCommand(ctx.ports, doc, doc._v, cmd, { actor: 'system' })
      return true
    } catch (e) {
      if (e instanceof AppError && e.code === 'CASE_ILLEGAL_ACTION') return false
      if (!(e instanceof AppError && e.code === 'CASE_CONFLICT') || attempt === 1) throw e
    }
  }
  return false
}

const moveCasesOff = async (ctx: HandlerContext, station: StationDoc) => {
  const held = await findAll<CaseDoc>(ctx.ports.store, COLLECTIONS.cases, {
    where: { ownerStationId: station._id, state: { $in: [...TRANSITIONS.owner_suspended.from] } },
    orderBy: { field: 'createdAt', dir: 'asc' },
  })
  for (const c of held) {
    try {
      await applyCommand(ctx.ports, c, c._v, { type: 'owner_suspended' }, { actor: 'system' })
    } catch (e) {
      // Someone acted on it meanwhile: take the fresh copy once more.
      if (!(e instanceof AppError && e.code === 'CASE_CONFLICT')) throw e
      const fresh = await ctx.ports.store.get<CaseDoc>(COLLECTIONS.cases, c._id)
      if (fresh && fresh.ownerStationId === station._id && TRANSITIONS.owner_suspended.from.includes(fresh.state))
        await applyCommand(ctx.ports, fresh, fresh._v, { type: 'owner_suspended' }, { actor: 'system' })
    }
  }
}


const inviteView = (i: InviteDoc, stationName: string) => ({
  code: i._id,
  stationName,
  name: i.name,
  ...roleSideView(i),
  expiresAt: i.expiresAt,
  expiresLabel: `${timeLabel(i.expiresAt)} 前有效`,
})

const listStationOfficersHandler = defineHandler(N.listStationOfficers, async ({ stationId }, ctx) => {
  const { ports } = ctx
  const station = named(ctx)
  const memberships = await findAll<MembershipDoc>(ports.store, COLLECTIONS.memberships, { where: { stationId } })
  const officers = new Map<string, OfficerDoc>()
  for (const m of memberships) {
    const o = await ports.store.get<OfficerDoc>(COLLECTIONS.officers, m.officerId)
    if (o) officers.set(o._id, o)
  }
  const now = ports.clock.now()
  const invites = (await findAll<InviteDoc>(ports.store, COLLECTIONS.invites, { where: { stationId, status: 'open' } })).filter((i) => i.expiresAt > now)
  return {
    stationName: station.name,
    officers: memberships.map((m) => ({
      membershipId: m._id,
      name: officers.get(m.officerId)?.name ?? '',
      ...roleSideView(m),
      isMe: m.officerId === ctx.officer!.doc._id,
    })),
    invites: invites.map((i) => inviteView(i, station.name)),
    canInviteAdmin: allowsStation('grant_admin', station, ctx.officer!, ctx.scope!),
  }
})

const createInviteHandler = defineHandler(N.createInvite, async (input, ctx) => {
  const { ports } = ctx
  const station = named(ctx)
  const now = ports.clock.now()
  // A code is random: a clash with a live one is rare; try another.
  for (let attempt = 0; attempt < 3; attempt++) {
    const code = ports.ids.code()
    try {
      return await ports.store.transaction(async (tx) => {
        const invite = await tx.insert<InviteDoc>(COLLECTIONS.invites, {
          _id: code,
          stationId: station._id,
          name: input.name,
          role: input.role,
          side: input.side,
          admin: input.admin,
          status: 'open',
          createdBy: ctx.officer!.doc._id,
          createdAt: now,
          expiresAt: now + INVITE_HOURS * 3600_000,
        })
        await audit(tx, ports, ctx.officer!.doc._id, 'invite.create', station._id, `${input.name}：${ROLE_LABEL[input.role]}，${SIDE_LABEL[input.side]}${input.admin ? '，管理员' : ''}`)
        const view = inviteView(invite, station.name)
        await ctx.remember(tx, view)
        return view
      })
    } catch (e) {
      // Another code only when this one was taken: any other conflict (this request's record already there, a
      // retry) is for the dispatcher to answer (ADR 0053).
      if (!(e instanceof AppError && e.code === 'STORE_CONFLICT') || attempt === 2 || !(await ports.store.get<InviteDoc>(COLLECTIONS.invites, code))) throw e
    }
  }
  throw new AppError('INTERNAL')
})

const cancelInviteHandler = defineHandler(N.cancelInvite, async ({ code }, ctx) => {
  const invite = await ctx.ports.store.get<InviteDoc>(COLLECTIONS.invites, code)
  if (!invite || invite.status !== 'open') throw new AppError('INVITE_NOT_FOUND')
  const station = named(ctx)
  await ctx.ports.store.transaction(async (tx) => {
    await tx.update<InviteDoc>(COLLECTIONS.invites, code, invite._v, { status: 'cancelled' })
    await audit(tx, ctx.ports, ctx.officer!.doc._id, 'invite.cancel', station._id, invite.name)
  })
  return { cancelled: true }
})

/** A stable officer id for a new officer, so two redeems at once cannot create two officers. */
const officerIdFor = (openid: string) => `of-${createHash('sha256').update(openid).digest('hex').slice(0, 24)}`

const redeemInviteHandler = defineHandler(N.redeemInvite, async ({ code }, ctx) => {
  const { ports } = ctx
  const openid = ctx.caller.openid!
  // A wrong code names no invite, so the caller locks (ADR 0020): five wrong codes a day, then none at all.
  if (await lockedOut(ports, 'inviteWrong', openid)) throw new AppError('INVITE_LOCKED')
  const invite = await ports.store.get<InviteDoc>(COLLECTIONS.invites, code)
  if (!invite || invite.status === 'cancelled') {
    const { n, locked } = await countWrong(ports, 'inviteWrong', openid)
    if (locked) throw new AppError('INVITE_LOCKED')
    throw new AppError('INVITE_NOT_FOUND', `${ERRORS.INVITE_NOT_FOUND}（还可以再试 ${RATE_LIMITS.inviteWrong.limit - n} 次）`, ['code'])
  }
  if (invite.status === 'used') throw new AppError('INVITE_USED')
  const now = ports.clock.now()
  if (invite.expiresAt <= now) throw new AppError('INVITE_EXPIRED')
  const station = await getStationOr404(ports.store, invite.stationId)
  const existing = await findOfficer(ports, openid)
  const officerId = existing?.doc._id ?? officerIdFor(openid)
  // An invite written before D8b may still carry an admin flag on another side: it grants nothing.
  const admin = isAdminMembership(invite)
  await ports.store.transaction(async (tx) => {
    const fresh = await tx.get<InviteDoc>(COLLECTIONS.invites, code)
    if (!fresh || fresh._v !== invite._v) throw new AppError('INVITE_USED')
    await tx.update<InviteDoc>(COLLECTIONS.invites, code, invite._v, { status: 'used', usedBy: officerId, usedAt: now })
    const known = existing?.doc ?? (await tx.get<OfficerDoc>(COLLECTIONS.officers, officerId))
    if (!known) await tx.insert<OfficerDoc>(COLLECTIONS.officers, { _id: officerId, openid, name: invite.name, createdAt: now })
    const membershipId = `ms-${officerId}-${station._id}`
    // The membership carries the officer's name as stored, so finding who calls is one query (ADR 0031).
    const fields = { role: invite.role, side: invite.side, admin, officerName: known?.name ?? invite.name }
    const current = await tx.get<MembershipDoc>(COLLECTIONS.memberships, membershipId)
    if (current) await tx.update<MembershipDoc>(COLLECTIONS.memberships, membershipId, current._v, fields)
    else await tx.insert<MembershipDoc>(COLLECTIONS.memberships, { _id: membershipId, officerId, openid, stationId: station._id, ...fields, createdAt: now })
    await audit(tx, ports, officerId, 'invite.redeem', station._id, invite.name)
  })
  return { stationId: station._id, stationName: station.name, roleLabel: ROLE_LABEL[invite.role], sideLabel: SIDE_LABEL[invite.side], admin }
})

const removeMembershipHandler = defineHandler(N.removeMembership, async ({ membershipId, reason }, ctx) => {
  const { ports } = ctx
  const m = await ports.store.get<MembershipDoc>(COLLECTIONS.memberships, membershipId)
  if (!m) throw new AppError('REQUEST_INVALID', '这位成员已经不在本驿站了')
  if (m.officerId === ctx.officer!.doc._id) throw new AppError('MEMBERSHIP_SELF')
  const station = named(ctx)
  // A head may not remove an admin: only an admin whose scope covers the station can.
  if (isAdminMembership(m)) checkStationAccess('admin', station, ctx.officer!, ctx.scope!)
  await ports.store.transaction(async (tx) => {
    await tx.remove(COLLECTIONS.memberships, m._id, m._v)
    await audit(tx, ports, ctx.officer!.doc._id, 'membership.remove', m.stationId, `${m.officerId}：${reason}`)
  })
  return { removed: true }
})

export const NETWORK_HANDLERS: HandlersOf<typeof N.NETWORK_CONTRACTS> = {
  createStation: createStationHandler,
  updateStation: updateStationHandler,
  setStationStatus: setStationStatusHandler,
  moveStation: moveStationHandler,
  getStationDetail: getStationDetailHandler,
  listStationOfficers: listStationOfficersHandler,
  createInvite: createInviteHandler,
  cancelInvite: cancelInviteHandler,
  redeemInvite: redeemInviteHandler,
  removeMembership: removeMembershipHandler,
}
