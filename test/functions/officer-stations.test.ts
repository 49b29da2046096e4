import { findOfficer } from '../../cloudfunctions/core/app/officers'
import type { MembershipDoc, StationDoc } from '../../cloudfunctions/core/app/records'
import { COLLECTIONS } from '../../cloudfunctions/core/ports/collections'
import { getCaseDetail, getMe, listInbox } from '../../types/contracts'
import { onBothStores } from '../support/both-stores'
import { expectError, expectOk } from '../support/harness'

/**
 * Who calls comes with their stations (ADR 0040): the memberships are read joined with their stations and the
 * stations above those, in one request, and a call about one of those stations does not read it again. The
 * answers are those of the stations as stored now, and a membership whose station is gone answers as before.
 */
const HEAD = 'dev-CX-street-head'
const HOME = 'st-CX-0002'

onBothStores((harness) => {
  it('brings each membership’s station and the stations above it, as stored', async () => {
    const h = harness()
    const officer = (await findOfficer(h.ports, HEAD))!
    const own = officer.memberships.map((m) => m.stationId)
    expect(own).toContain(HOME)
    const expected = new Set<string>()
    for (const id of own) for (const above of (await h.store.get<StationDoc>(COLLECTIONS.stations, id))!.path) expected.add(above)
    expect([...officer.stations.keys()].sort()).toEqual([...expected].sort())
    for (const [id, s] of officer.stations) expect(s).toEqual(await h.store.get<StationDoc>(COLLECTIONS.stations, id))
    // The memberships are the documents as stored: nothing joined is left on them.
    for (const m of officer.memberships) expect(m).toEqual(await h.store.get<MembershipDoc>(COLLECTIONS.memberships, m._id))
  })

  it('shows a change to one’s own station on the next call', async () => {
    const h = harness()
    const s = (await h.store.get<StationDoc>(COLLECTIONS.stations, HOME))!
    await h.store.update<StationDoc>(COLLECTIONS.stations, HOME, s._v, { name: '曹城街道驿站（新址）' })
    const me = expectOk(await h.op(getMe, HEAD, {}))
    expect(me.officer!.memberships.find((m) => m.stationId === HOME)!.stationName).toBe('曹城街道驿站（新址）')
    const { id } = await h.file()
    expect(expectOk(await h.op(getCaseDetail, HEAD, { id })).ownerStationName).toBe('曹城街道驿站（新址）')
    const fresh = (await h.store.get<StationDoc>(COLLECTIONS.stations, HOME))!
    await h.store.update<StationDoc>(COLLECTIONS.stations, HOME, fresh._v, { name: s.name })
  })

  it('a filing tells its station’s officers as they are at that moment, read with the station (ADR 0055)', async () => {
    const h = harness()
    const told = async () => {
      h.sent.length = 0
      await h.file()
      return new Set(h.sent.filter((m) => m.kind === 'case.new').map((m) => m.to))
    }
    const before = await told()
    expect(before.size).toBeGreaterThan(0)
    // A member who joined a moment ago hears of the next filing; once removed, of none after it.
    await h.store.insert<MembershipDoc>(COLLECTIONS.memberships, { _id: 'ms-new-member', officerId: 'of-new-member', openid: 'new-member', stationId: HOME, role: 'member', side: 'union', admin: false, createdAt: h.clock.now })
    expect(await told()).toEqual(new Set([...before, 'new-member']))
    await h.store.remove(COLLECTIONS.memberships, 'ms-new-member', 1)
    expect(await told()).toEqual(before)
  })

  it('a membership whose station is gone brings none, and a call about that station answers as before', async () => {
    const h = harness()
    const officer = (await findOfficer(h.ports, HEAD))!
    const m = officer.memberships.find((x) => x.stationId === HOME)!
    const gone: Omit<MembershipDoc, '_v'> = { ...m, _id: 'ms-gone', stationId: 'st-CX-9999' }
    await h.store.insert<MembershipDoc>(COLLECTIONS.memberships, gone)
    const now = (await findOfficer(h.ports, HEAD))!
    expect(now.memberships.map((x) => x._id)).toContain('ms-gone')
    expect(now.stations.has('st-CX-9999')).toBe(false)
    expect([...now.stations.keys()].sort()).toEqual([...officer.stations.keys()].sort())
    expectError(await h.op(listInbox, HEAD, { stationId: 'st-CX-9999', tab: 'pending' }), 'STATION_NOT_FOUND')
    // 我的 lists only the memberships whose station is there, as it did.
    expect(expectOk(await h.op(getMe, HEAD, {})).officer!.memberships.map((x) => x.stationId)).not.toContain('st-CX-9999')
    await h.store.remove(COLLECTIONS.memberships, 'ms-gone', 1)
  })
})
