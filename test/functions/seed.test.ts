import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSqliteStore } from '../../cloudfunctions/core/adapters/sqlite/store'
import { CONTENT_RECORD_ID, PROVISION_RECORD_ID, provisionContent, provisionNetwork, type SeedRecordDoc } from '../../cloudfunctions/core/app/provision'
import { NOTICE_IDS, PROVISIONED_NOTICES } from '../../cloudfunctions/core/data/policy-notices'
import type { MembershipDoc, StationDoc } from '../../cloudfunctions/core/app/records'
import type { Store, StoredDoc } from '../../cloudfunctions/core/ports/store'
import { SEED_RECORD_ID, seedHeze } from '../../cloudfunctions/core/seed/heze'
import { getManagedNotice, getStationDetail, listNotices, listStationOfficers, removeMembership, updateStation, withdrawNotice } from '../../types/contracts'
import { expectError, expectOk, makeHarness, sh } from '../support/harness'

const AT = sh('2026-11-25 09:00')
const SEEDED = ['stations', 'officers', 'memberships'] as const
/**
 * What the demo seed writes on a fresh store: 10 real + 36 示例 stations, 33 officers, 34 memberships (曹县周科长 has two), the 7
 * policy notices of every environment and 2 示例 ones (each with its first revision).
 */
const DEMO_DOCS = 131
/** The policy notices every environment starts with, and their first revisions. */
const CONTENT_DOCS = 14

/** Every seeded document, by collection, in id order: to prove a call changed nothing. */
const dump = async (store: Store) => {
  const out: Record<string, StoredDoc[]> = {}
  for (const c of SEEDED) out[c] = (await store.find<StoredDoc>(c, { limit: 1000, orderBy: { field: '_id', dir: 'asc' } })).items
  return out
}

const recordOf = (store: Store, id: string) => store.get<SeedRecordDoc>('settings', id)

const tmpFile = () => join(mkdtempSync(join(tmpdir(), 'hx-seed-')), 'hexie.db')

const REP_MEMBERSHIP = 'ms-dev-CX-street-rep-st-CX-0002'

describe('seeding writes only what it has never written', () => {
  it('writes the network once on a fresh store, and nothing on the second run', async () => {
    const store = createSqliteStore({ file: ':memory:' })
    expect(await seedHeze(store, AT)).toBe(DEMO_DOCS)
    const first = await dump(store)
    expect(first.stations).toHaveLength(46)
    expect(await seedHeze(store, AT + 60_000)).toBe(0)
    expect(await dump(store)).toEqual(first)
    // Each seeding names what it wrote: provisioning the real stations, the demo seed the rest.
    const provision = (await recordOf(store, PROVISION_RECORD_ID))!
    const demo = (await recordOf(store, SEED_RECORD_ID))!
    expect(provision.written).toHaveLength(10)
    expect(provision.written).toContain('stations/st-HZ-0001')
    expect(demo.written).toHaveLength(DEMO_DOCS - 10 - CONTENT_DOCS)
    expect(demo.written).toContain(`memberships/${REP_MEMBERSHIP}`)
    expect([provision._v, demo._v]).toEqual([1, 1])
    await store.close()
  })

  it('keeps a member a head removed removed after a restart on the same store', async () => {
    const file = tmpFile()
    const h = await makeHarness({ store: createSqliteStore({ file }) })
    expectOk(await h.op(removeMembership, 'dev-CX-street-head', { membershipId: REP_MEMBERSHIP, reason: '调离本驿站' }))
    expect(await h.store.get('memberships', REP_MEMBERSHIP)).toBeNull()
    await h.close()

    // The restart: a new store on the same file, seeded again as the local host does on start.
    const store = createSqliteStore({ file })
    expect(await seedHeze(store, AT + 86_400_000)).toBe(0)
    await store.close()
    const after = await makeHarness({ store: createSqliteStore({ file }) })
    expect(await after.store.get('memberships', REP_MEMBERSHIP)).toBeNull()
    expectError(await after.op(listStationOfficers, 'dev-CX-street-rep', { stationId: 'st-CX-0002' }), 'AUTH_NOT_OFFICER')
    const officers = expectOk(await after.op(listStationOfficers, 'dev-CX-street-head', { stationId: 'st-CX-0002' }))
    expect(officers.officers.map((o) => o.membershipId)).not.toContain(REP_MEMBERSHIP)
    await after.close()
  })

  it('keeps a station an admin edited as edited after reseeding', async () => {
    const h = await makeHarness()
    const edit = async (openid: string, id: string, name: string) => {
      const d = expectOk(await h.op(getStationDetail, openid, { id }))
      expectOk(await h.op(updateStation, openid, { id, version: d.version, name, address: '新的地址（测试）', phone: '0530-5550001', hours: d.hours }))
    }
    // A 示例 station of the demo seed, and a county station of provisioning.
    await edit('dev-CX-county-head', 'st-CX-0002', '曹城街道驿站（改名）')
    await edit('dev-city-admin', 'st-CX-0001', '曹县劳动关系服务驿站（改名）')
    const before = await dump(h.store)
    expect(await seedHeze(h.store, h.clock.now)).toBe(0)
    expect(await dump(h.store)).toEqual(before)
    const street = (await h.store.get<StationDoc>('stations', 'st-CX-0002'))!
    expect([street.name, street.address, street.phone, street._v]).toEqual(['曹城街道驿站（改名）', '新的地址（测试）', '0530-5550001', 2])
    expect((await h.store.get<StationDoc>('stations', 'st-CX-0001'))!.name).toBe('曹县劳动关系服务驿站（改名）')
    await h.close()
  })

  it('takes a store seeded before the record existed as seeded: records it, writes nothing, restores nothing', async () => {
    const store = createSqliteStore({ file: ':memory:' })
    await seedHeze(store, AT)
    // What the earlier seeding left: the documents and no record; since then a member went and a station changed.
    for (const id of [PROVISION_RECORD_ID, SEED_RECORD_ID]) await store.remove('settings', id, (await recordOf(store, id))!._v)
    const rep = (await store.get<MembershipDoc>('memberships', REP_MEMBERSHIP))!
    await store.remove('memberships', rep._id, rep._v)
    const county = (await store.get<StationDoc>('stations', 'st-DM-0001'))!
    await store.update<StationDoc>('stations', county._id, county._v, { phone: '0530-5550002' })
    const before = await dump(store)

    expect(await seedHeze(store, AT + 60_000)).toBe(0)
    expect(await dump(store)).toEqual(before)
    expect(await store.get('memberships', REP_MEMBERSHIP)).toBeNull()
    expect((await recordOf(store, PROVISION_RECORD_ID))!.written).toHaveLength(10)
    expect((await recordOf(store, SEED_RECORD_ID))!.written).toContain(`memberships/${REP_MEMBERSHIP}`)
    // And from then on as any recorded store.
    expect(await seedHeze(store, AT + 120_000)).toBe(0)
    await store.close()
  })

  it('writes a document added to the seed later, once, without touching the recorded ones', async () => {
    const store = createSqliteStore({ file: ':memory:' })
    await seedHeze(store, AT)
    // As if the record came from a seed that did not have this membership yet.
    const record = (await recordOf(store, SEED_RECORD_ID))!
    await store.update<SeedRecordDoc>('settings', SEED_RECORD_ID, record._v, { written: record.written.filter((k) => k !== `memberships/${REP_MEMBERSHIP}`) })
    const rep = (await store.get<MembershipDoc>('memberships', REP_MEMBERSHIP))!
    await store.remove('memberships', rep._id, rep._v)
    expect(await seedHeze(store, AT)).toBe(1)
    expect(await store.get('memberships', REP_MEMBERSHIP)).not.toBeNull()
    expect((await recordOf(store, SEED_RECORD_ID))!.written).toHaveLength(DEMO_DOCS - 10 - CONTENT_DOCS)
    await store.close()
  })

  it('is safe when two containers seed the same store at once', async () => {
    // One store, two seedings interleaved at every await.
    const one = createSqliteStore({ file: ':memory:' })
    const [a, b] = await Promise.all([seedHeze(one, AT), seedHeze(one, AT)])
    expect(a + b).toBe(DEMO_DOCS)
    expect((await recordOf(one, SEED_RECORD_ID))!.written).toHaveLength(DEMO_DOCS - 10 - CONTENT_DOCS)
    expect(await seedHeze(one, AT)).toBe(0)
    await one.close()

    // Two connections on one file, as two processes would have.
    const file = tmpFile()
    const x = createSqliteStore({ file })
    const y = createSqliteStore({ file })
    const [p, q] = await Promise.all([seedHeze(x, AT), seedHeze(y, AT)])
    expect(p + q).toBe(DEMO_DOCS)
    expect(await dump(x)).toEqual(await dump(y))
    for (const c of SEEDED) expect(await x.count(c)).toBe(c === 'stations' ? 46 : c === 'memberships' ? 34 : 33)
    expect((await recordOf(y, PROVISION_RECORD_ID))!.written).toHaveLength(10)
    expect((await recordOf(y, SEED_RECORD_ID))!.written).toHaveLength(DEMO_DOCS - 10 - CONTENT_DOCS)
    await x.close()
    await y.close()
  })
})

describe('first-run provisioning', () => {
  it('writes the city, nine counties and the first admin once; a removed first admin stays removed', async () => {
    const store = createSqliteStore({ file: ':memory:' })
    expect(await provisionNetwork(store, AT, { firstAdminOpenid: 'o-first-admin' })).toBe(12)
    expect(await store.count('stations', { kind: 'county' })).toBe(9)
    expect(await store.count('stations', { kind: 'city' })).toBe(1)
    const admin = (await store.get<MembershipDoc>('memberships', 'ms-o-first-admin-st-HZ-0001'))!
    expect(admin).toMatchObject({ officerId: 'of-o-first-admin', stationId: 'st-HZ-0001', role: 'head', side: 'government', admin: true })
    await store.remove('memberships', admin._id, admin._v)
    expect(await provisionNetwork(store, AT, { firstAdminOpenid: 'o-first-admin' })).toBe(0)
    expect(await store.get('memberships', admin._id)).toBeNull()
    // No 示例 station, and the demo seed on top adds only its own.
    expect(await store.count('stations')).toBe(10)
    expect(await seedHeze(store, AT)).toBe(DEMO_DOCS - 10)
    await store.close()
  })

  it('publishes the policy notices of every environment once, from the city; a withdrawn one stays withdrawn', async () => {
    const h = await makeHarness({ store: createSqliteStore({ file: ':memory:' }) })
    const record = (await recordOf(h.store, CONTENT_RECORD_ID))!
    expect(record.written).toHaveLength(CONTENT_DOCS)
    const ids = PROVISIONED_NOTICES.map((n) => n.id)
    const listed = expectOk(await h.op(listNotices, 'dev-worker-zhang', { stationId: 'st-DM-0004', limit: 50 })).items
    expect(listed.filter((n) => ids.includes(n.id)).map((n) => n.stationName)).toEqual(ids.map(() => '菏泽市劳动关系服务驿站'))
    const wage = expectOk(await h.op(getManagedNotice, 'dev-city-admin', { id: NOTICE_IDS.wagePayment }))
    expectOk(await h.op(withdrawNotice, 'dev-city-admin', { id: wage.id, version: wage.version, reason: '换成新版本' }))
    expect(await provisionContent(h.store, AT + 86_400_000)).toBe(0)
    expect(await seedHeze(h.store, AT + 86_400_000)).toBe(0)
    expect(expectOk(await h.op(getManagedNotice, 'dev-city-admin', { id: wage.id })).status).toBe('withdrawn')
    await h.close()
  })

  it('lives in app/: nothing under core/app imports the demo seed', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []))
    const importers = files(join(__dirname, '../../cloudfunctions/core/app')).filter((f) => /from '[./]*\/seed\//.test(readFileSync(f, 'utf8')))
    expect(importers).toEqual([])
  })
})
