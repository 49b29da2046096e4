import type { AuditDoc, InviteDoc, MembershipDoc, StationDoc } from '../../cloudfunctions/core/app/records'
import type { InputOf } from '../../types/contract'
import { getMe } from '../../types/contracts/me'
import {
  cancelInvite,
  createInvite,
  createStation,
  getNetworkTree,
  getStation,
  getStationDetail,
  listAccessLog,
  listInbox,
  listStationOfficers,
  redeemInvite,
  removeMembership,
  setStationStatus,
  updateStation,
} from '../../types/contracts'
import { WORKER, OTHER_WORKER, expectError, expectOk, makeHarness, sh, snapshotCounts, type Harness } from '../support/harness'

const CITY = 'dev-city-admin'
const CX_ADMIN = 'dev-CX-county-head'
const MD_ADMIN = 'dev-MD-county-head'
const HEAD = 'dev-CX-street-head'
const REP = 'dev-CX-street-rep'

let h: Harness
beforeEach(async () => {
  h = await makeHarness()
})
afterEach(async () => {
  await h.close()
})

const newTownship = async (by = CX_ADMIN, over: Partial<InputOf<typeof createStation>> = {}) =>
  h.op(createStation, by, {
    parentId: 'st-CX-0001',
    kind: 'township',
    name: '青堌集镇驿站',
    address: '曹县青堌集镇便民服务中心',
    phone: '0530-3456789',
    ...over,
  })

describe('stations are created, edited and suspended by admins in scope', () => {
  it('numbers a new station in its county and puts it in the tree', async () => {
    const s = expectOk(await newTownship())
    expect(s).toMatchObject({ id: 'st-CX-0100', code: 'HZ-CX-0100', parentName: '曹县劳动关系服务驿站', status: 'active' })
    expect(expectOk(await newTownship(CX_ADMIN, { name: '普连集镇驿站' })).code).toBe('HZ-CX-0101')
    const card = expectOk(await h.op(getStation, WORKER, { code: 'HZ-CX-0100' }))
    expect(card.path).toEqual(['菏泽市劳动关系服务驿站', '曹县劳动关系服务驿站'])
    const audit = (await h.store.find<AuditDoc>('audit_log', {})).items
    expect(audit.map((a) => a.what)).toEqual(['station.create', 'station.create'])
  })

  it('refuses a kind under a parent that may not hold it, a station outside the admin’s county, and non-admins, writing nothing', async () => {
    const before = await snapshotCounts(h.store)
    expectError(await newTownship(CX_ADMIN, { parentId: 'st-CX-0003' }), 'STATION_KIND_PARENT')
    expectError(await newTownship(MD_ADMIN), 'STATION_OUT_OF_SCOPE')
    expectError(await newTownship(HEAD), 'AUTH_FORBIDDEN')
    expectError(await newTownship(CX_ADMIN, { phone: '12' }), 'REQUEST_INVALID')
    expect(await snapshotCounts(h.store)).toEqual(before)
    // The city admin may create anywhere.
    expectOk(await newTownship(CITY, { parentId: 'st-MD-0001' }))
  })

  it('suspending a station sends its new cases to the parent; its details are edited with the version seen', async () => {
    const d = expectOk(await h.op(getStationDetail, CX_ADMIN, { id: 'st-CX-0002' }))
    const suspended = expectOk(await h.op(setStationStatus, CX_ADMIN, { id: d.id, version: d.version, status: 'suspended', reason: '负责人调整，暂停一个月' }))
    expectError(await h.op(updateStation, CX_ADMIN, { id: d.id, version: d.version, name: '曹城街道驿站', address: '新地址', phone: '0530-1234567', hours: '工作日' }), 'STORE_CONFLICT')
    expectError(await h.op(getStation, WORKER, { code: 'HZ-CX-0002' }), 'STATION_SUSPENDED')
    const c = await h.file()
    expect(c.ownerStationName).toBe('曹县劳动关系服务驿站')
    expectError(await h.op(setStationStatus, CX_ADMIN, { id: 'st-HZ-0001', version: 1, status: 'suspended', reason: '测试一下' }), 'STATION_OUT_OF_SCOPE')
    expectError(await h.op(setStationStatus, CITY, { id: 'st-HZ-0001', version: 1, status: 'suspended', reason: '测试一下' }), 'REQUEST_INVALID')
    const back = expectOk(await h.op(setStationStatus, CX_ADMIN, { id: d.id, version: suspended.version, status: 'active', reason: '恢复服务' }))
    expect(back.status).toBe('active')
  })
})

describe('officers join by a one-time invite code and leave when removed', () => {
  it('a head invites to their own station; the person binds with the code and can work at once; removal ends it', async () => {
    const invite = expectOk(await h.op(createInvite, HEAD, { stationId: 'st-CX-0002', name: '新同事', role: 'member', side: 'government' }))
    expect(invite.roleLabel).toBe('工作人员')
    expect(invite.expiresLabel).toBe('11月28日 周六 10:00 前有效')
    const listed = expectOk(await h.op(listStationOfficers, HEAD, { stationId: 'st-CX-0002' }))
    expect(listed.invites.map((i) => i.code)).toEqual([invite.code])
    expect(listed.canInviteAdmin).toBe(false)

    // Until they bind, the worker is no officer.
    expectError(await h.op(listInbox, OTHER_WORKER, { stationId: 'st-CX-0002', tab: 'pending' }), 'AUTH_NOT_OFFICER')
    const bound = expectOk(await h.op(redeemInvite, OTHER_WORKER, { code: invite.code.toLowerCase() }))
    expect(bound).toMatchObject({ stationName: '曹城街道驿站（示例）', roleLabel: '工作人员', sideLabel: '政府方' })
    expectOk(await h.op(listInbox, OTHER_WORKER, { stationId: 'st-CX-0002', tab: 'pending' }))
    expectError(await h.op(redeemInvite, WORKER, { code: invite.code }), 'INVITE_USED')

    const officers = expectOk(await h.op(listStationOfficers, HEAD, { stationId: 'st-CX-0002' }))
    const newcomer = officers.officers.find((o) => o.name === '新同事')!
    expectError(await h.op(removeMembership, HEAD, { membershipId: officers.officers.find((o) => o.isMe)!.membershipId, reason: '试试移除自己' }), 'MEMBERSHIP_SELF')
    expectError(await h.op(removeMembership, REP, { membershipId: newcomer.membershipId, reason: '不是负责人' }), 'AUTH_FORBIDDEN')
    expectOk(await h.op(removeMembership, HEAD, { membershipId: newcomer.membershipId, reason: '调往其他岗位' }))
    // Access ends with the very next call.
    expectError(await h.op(listInbox, OTHER_WORKER, { stationId: 'st-CX-0002', tab: 'pending' }), 'AUTH_NOT_OFFICER')
  })

  it('refuses expired, cancelled and unknown codes, and the admin flag from a head', async () => {
    const invite = expectOk(await h.op(createInvite, HEAD, { stationId: 'st-CX-0002', name: '过期同事', role: 'member', side: 'union' }))
    h.clock.now = sh('2026-11-28 10:00')
    expectError(await h.op(redeemInvite, OTHER_WORKER, { code: invite.code }), 'INVITE_EXPIRED')
    const second = expectOk(await h.op(createInvite, HEAD, { stationId: 'st-CX-0002', name: '作废同事', role: 'member', side: 'union' }))
    expectOk(await h.op(cancelInvite, HEAD, { code: second.code }))
    expectError(await h.op(redeemInvite, OTHER_WORKER, { code: second.code }), 'INVITE_NOT_FOUND')
    expectError(await h.op(redeemInvite, OTHER_WORKER, { code: 'ZZZZZZZZ' }), 'INVITE_NOT_FOUND')
    expectError(await h.op(redeemInvite, OTHER_WORKER, { code: 'short' }), 'REQUEST_INVALID')
    expectError(await h.op(createInvite, HEAD, { stationId: 'st-CX-0002', name: '管理员', role: 'head', side: 'government', admin: true }), 'AUTH_FORBIDDEN')
    expectError(await h.op(createInvite, HEAD, { stationId: 'st-CX-0003', name: '别的驿站', role: 'member', side: 'union' }), 'AUTH_FORBIDDEN')
  })

  it('a county admin makes another county admin; the new admin manages the county', async () => {
    const listed = expectOk(await h.op(listStationOfficers, CX_ADMIN, { stationId: 'st-CX-0001' }))
    expect(listed.canInviteAdmin).toBe(true)
    const invite = expectOk(await h.op(createInvite, CX_ADMIN, { stationId: 'st-CX-0001', name: '副科长', role: 'liaison', side: 'government', admin: true }))
    expectOk(await h.op(redeemInvite, OTHER_WORKER, { code: invite.code }))
    expectOk(await newTownship(OTHER_WORKER))
    const ms = (await h.store.find<MembershipDoc>('memberships', { where: { openid: OTHER_WORKER } })).items
    expect(ms.map((m) => [m.stationId, m.role, m.admin])).toEqual([['st-CX-0001', 'liaison', true]])
    expect((await h.store.get<StationDoc>('stations', 'st-CX-0100'))?.name).toBe('青堌集镇驿站')
  })
})

describe('admin is a government-side role (D8b)', () => {
  it('refuses an admin invite on any other side with a Chinese message, and writes nothing', async () => {
    for (const side of ['union', 'employer', 'worker_rep', 'third_party'] as const) {
      const before = { ...(await snapshotCounts(h.store)), invites: await h.store.count('invites'), audit: await h.store.count('audit_log') }
      const e = expectError(await h.op(createInvite, CX_ADMIN, { stationId: 'st-CX-0001', name: '新管理员', role: 'liaison', side, admin: true }), 'REQUEST_INVALID')
      expect(e.message).toContain('政府方')
      expect(e.fields).toEqual(['admin'])
      expect({ ...(await snapshotCounts(h.store)), invites: await h.store.count('invites'), audit: await h.store.count('audit_log') }).toEqual(before)
    }
    expectOk(await h.op(createInvite, CX_ADMIN, { stationId: 'st-CX-0001', name: '新管理员', role: 'liaison', side: 'government', admin: true }))
  })

  it('grants nothing for an admin flag written on another side before the rule, nor for such an invite', async () => {
    await h.store.insert<MembershipDoc>('memberships', { _id: 'ms-old-employer-admin', officerId: 'of-dev-CX-firm-hr', openid: 'dev-CX-firm-hr', stationId: 'st-CX-0001', role: 'liaison', side: 'employer', admin: true, createdAt: h.clock.now })
    expectError(await h.op(listAccessLog, 'dev-CX-firm-hr', {}), 'AUTH_FORBIDDEN')
    expectError(await h.op(getNetworkTree, 'dev-CX-firm-hr', {}), 'AUTH_FORBIDDEN')
    await h.store.insert<InviteDoc>('invites', { _id: 'OLDADMIN', stationId: 'st-CX-0001', name: '旧邀请', role: 'liaison', side: 'union', admin: true, status: 'open', createdBy: 'of-dev-CX-county-head', createdAt: h.clock.now, expiresAt: h.clock.now + 3600_000 })
    const joined = expectOk(await h.op(redeemInvite, OTHER_WORKER, { code: 'OLDADMIN' }))
    expect(joined.admin).toBe(false)
    expectError(await h.op(listAccessLog, OTHER_WORKER, {}), 'AUTH_FORBIDDEN')
    // Pages are told so too: no 管理员 badge, no admin entries, no 驿站成员 where the table gives none.
    const me = expectOk(await h.op(getMe, 'dev-CX-firm-hr', {})).officer!
    expect(me.isAdmin).toBe(false)
    expect(me.memberships.map((m) => [m.stationId, m.admin, m.canManagePeople])).toEqual([
      ['st-CX-0004', false, false],
      ['st-CX-0001', false, false],
    ])
  })

  it('tells the pages who may manage which station’s people and who is an admin, from the station access table', async () => {
    const head = expectOk(await h.op(getMe, HEAD, {})).officer!
    expect([head.isAdmin, head.memberships.map((m) => m.canManagePeople)]).toEqual([false, [true]])
    const rep = expectOk(await h.op(getMe, REP, {})).officer!
    expect([rep.isAdmin, rep.memberships.map((m) => m.canManagePeople)]).toEqual([false, [false]])
    const county = expectOk(await h.op(getMe, CX_ADMIN, {})).officer!
    expect([county.isAdmin, county.memberships.map((m) => m.canManagePeople)]).toEqual([true, [true, true]])
  })
})
