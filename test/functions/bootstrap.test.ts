import { createCloudbaseStore } from '../../cloudfunctions/core/adapters/cloudbase/store'
import type { StationDoc } from '../../cloudfunctions/core/app/records'
import { COLLECTIONS } from '../../cloudfunctions/core/ports/collections'
import { createInvite, createStation, getCaseDetail, getMe, getStation, listInbox, redeemInvite, runSweep, submitCase } from '../../types/contracts'
import { connectCloudbase, startCloudbaseFake, type CloudbaseFake } from '../support/cloudbase-fake'
import { expectOk, makeHarness, submitInput, type Harness } from '../support/harness'

/**
 * A new production environment, end to end on the CloudBase adapter (the real SDK against the local fake):
 * nothing in it, no demo data. The first timer run sets up the city and the nine counties and makes the
 * configured person the first city admin; that admin creates a township and invites its head; the head
 * joins, and a worker's case filed at the township reaches them.
 */
const FIRST_ADMIN = 'o-bureau-first-admin'
const HEAD = 'o-new-township-head'
const WORKER = 'o-first-worker'

let fake: CloudbaseFake
let h: Harness
beforeAll(async () => {
  fake = await startCloudbaseFake()
  h = await makeHarness({ store: createCloudbaseStore(connectCloudbase(fake.url).db), seed: false, settings: { firstAdminOpenid: FIRST_ADMIN } })
}, 60_000)
afterAll(() => fake.close())

it('starts empty, is set up by the first timer run, and the first admin builds the network from there', async () => {
  expect(await h.store.count(COLLECTIONS.stations)).toBe(0)
  expectOk(await h.op(runSweep, null, {}))
  const stations = (await h.store.find<StationDoc>(COLLECTIONS.stations, { limit: 100 })).items
  expect(stations).toHaveLength(10)
  expect(stations.filter((s) => s.name.includes('示例'))).toEqual([])
  expect(await h.store.count(COLLECTIONS.cases)).toBe(0)

  const me = expectOk(await h.op(getMe, FIRST_ADMIN, {}))
  expect(me.officer).toMatchObject({ isAdmin: true, isCityAdmin: true })

  const township = expectOk(
    await h.op(createStation, FIRST_ADMIN, { parentId: 'st-CX-0001', kind: 'township', name: '青堌集镇劳动关系驿站', address: '曹县青堌集镇政府一楼', phone: '0530-3456789' }),
  )
  const invite = expectOk(await h.op(createInvite, FIRST_ADMIN, { stationId: township.id, name: '李所长', role: 'head', side: 'government' }))
  const joined = expectOk(await h.op(redeemInvite, HEAD, { code: invite.code }))
  expect(joined).toMatchObject({ stationId: township.id, stationName: '青堌集镇劳动关系驿站', admin: false })

  const card = expectOk(await h.op(getStation, WORKER, { code: township.code }))
  const filed = expectOk(await h.op(submitCase, WORKER, submitInput({ stationId: card.id, privacy: 'confidential' })))
  const inbox = expectOk(await h.op(listInbox, HEAD, { stationId: township.id, tab: 'pending' }))
  expect(inbox.items.map((c) => c.id)).toEqual([filed.id])
  expect(expectOk(await h.op(getCaseDetail, HEAD, { id: filed.id })).identity).toEqual({ name: '张三', phone: '13800000001' })
  // A second timer run writes nothing more.
  expectOk(await h.op(runSweep, null, {}))
  expect(await h.store.count(COLLECTIONS.stations)).toBe(11)
}, 60_000)
