import { createCloudbaseStore } from '../../cloudfunctions/core/adapters/cloudbase/store'
import type { CaseDoc } from '../../cloudfunctions/core/app/records'
import { connectCloudbase, startCloudbaseFake, type CloudbaseFake } from '../support/cloudbase-fake'
import { acceptCase, getCaseDetail, getStation, listInbox, listMyCases, noteCase, runSweep } from '../../types/contracts'
import { WORKER, expectError, expectOk, makeHarness, type Harness } from '../support/harness'

/**
 * The slice over the cloud store: the same handlers, the real @cloudbase/node-sdk, a local fake of the
 * database endpoint. Proves the operations of the slice use only what the CloudBase adapter offers.
 */
let fake: CloudbaseFake
let h: Harness
beforeAll(async () => {
  fake = await startCloudbaseFake()
  const { db } = connectCloudbase(fake.url)
  h = await makeHarness({ store: createCloudbaseStore(db) })
}, 60_000)
afterAll(async () => {
  await fake.close()
})

it('files a confidential case at an enterprise, routes it past the enterprise, and shows it to the right officers only', async () => {
  const card = expectOk(await h.op(getStation, WORKER, { code: 'HZ-CX-0004' }))
  const submitted = await h.file({ stationId: card.id, privacy: 'confidential' })
  expect(submitted.caseNo).toBe('CX2611250001')
  const doc = (await h.store.get<CaseDoc>('cases', submitted.id))!
  expect(doc.ownerStationId).toBe('st-CX-0003')
  const mine = expectOk(await h.op(listMyCases, WORKER, {}))
  expect(mine.items.map((c) => c.id)).toEqual([submitted.id])
  const inbox = expectOk(await h.op(listInbox, 'dev-CX-park-liaison', { stationId: 'st-CX-0003', tab: 'pending' }))
  expect(inbox.items.map((c) => c.id)).toEqual([submitted.id])
  expect(inbox.counts!.pending).toBe(1)
  const detail = expectOk(await h.op(getCaseDetail, 'dev-CX-park-liaison', { id: submitted.id }))
  expect(detail.identity).toEqual({ name: '张三', phone: '13800000001' })
  expectError(await h.op(getCaseDetail, 'dev-CX-park-employer', { id: submitted.id }), 'CASE_NOT_FOUND')
  const employerInbox = expectOk(await h.op(listInbox, 'dev-CX-park-employer', { stationId: 'st-CX-0003', tab: 'pending' }))
  expect(employerInbox.items).toEqual([])
  const second = await h.file()
  expect(second.caseNo).toBe('CX2611250002')
  // Notices are tried right after the case is stored; the sweep has nothing left to send.
  expect(h.sent.map((m) => m.to)).toContain('dev-CX-park-liaison')
  expect(h.sent.map((m) => m.to)).not.toContain('dev-CX-park-employer')
  const sweep = expectOk(await h.op(runSweep, null, {}))
  expect(sweep).toMatchObject({ delivered: 0, pending: 0 })
}, 60_000)

it('runs the case engine over the cloud store: actions with versions, a conflict, and the sweep escalating', async () => {
  const { id } = await h.file({ category: 'wage_arrears', amountOwed: 5000 })
  const d = expectOk(await h.op(getCaseDetail, 'dev-CX-street-head', { id }))
  expect(d.actions).toContain('case.accept')
  expectOk(await h.op(noteCase, 'dev-CX-street-head', { id, version: d.version, text: '先记一笔，下午联系。' }))
  expectError(await h.op(acceptCase, 'dev-CX-street-head', { id, version: d.version }), 'CASE_CONFLICT')
  // Nobody accepts within 4 working hours: the county takes it.
  h.clock.now += 6 * 3600_000
  const sweep = expectOk(await h.op(runSweep, null, {}))
  expect(sweep.cases.applied).toBeGreaterThan(0)
  const doc = (await h.store.get<CaseDoc>('cases', id))!
  expect([doc.ownerStationId, doc.state]).toEqual(['st-CX-0001', 'submitted'])
  expect(expectOk(await h.act(acceptCase, 'dev-CX-county-head', id)).state).toBe('accepted')
}, 60_000)
