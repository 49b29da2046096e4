import { createCloudbaseStore } from '../../cloudfunctions/core/adapters/cloudbase/store'
import type { CaseDoc } from '../../cloudfunctions/core/app/records'
import { connectCloudbase, startCloudbaseFake, type CloudbaseFake } from '../support/cloudbase-fake'
import { WORKER, caseInput, expectError, expectOk, makeHarness, type Harness } from '../support/harness'

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
  const card = expectOk(await h.call<{ id: string }>('worker', WORKER, 'station.get', { code: 'HZ-CX-0004' }))
  const submitted = expectOk(await h.call<{ id: string; caseNo: string }>('worker', WORKER, 'case.submit', caseInput({ stationId: card.id, privacy: 'confidential' })))
  expect(submitted.caseNo).toBe('CX2611250001')
  const doc = (await h.store.get<CaseDoc>('cases', submitted.id))!
  expect(doc.ownerStationId).toBe('st-CX-0003')
  const mine = expectOk(await h.call<{ items: Array<{ id: string }> }>('worker', WORKER, 'case.mine', {}))
  expect(mine.items.map((c) => c.id)).toEqual([submitted.id])
  const inbox = expectOk(await h.call<{ items: Array<{ id: string }>; counts: Record<string, number> }>('officer', 'dev-CX-park-liaison', 'inbox.list', { stationId: 'st-CX-0003', tab: 'pending' }))
  expect(inbox.items.map((c) => c.id)).toEqual([submitted.id])
  expect(inbox.counts.pending).toBe(1)
  const detail = expectOk(await h.call<{ identity: unknown }>('officer', 'dev-CX-park-liaison', 'case.detail', { id: submitted.id }))
  expect(detail.identity).toEqual({ name: '张三', phone: '13800000001' })
  expectError(await h.call('officer', 'dev-CX-park-employer', 'case.detail', { id: submitted.id }), 'CASE_NOT_FOUND')
  const employerInbox = expectOk(await h.call<{ items: unknown[] }>('officer', 'dev-CX-park-employer', 'inbox.list', { stationId: 'st-CX-0003', tab: 'pending' }))
  expect(employerInbox.items).toEqual([])
  const second = expectOk(await h.call<{ caseNo: string }>('worker', WORKER, 'case.submit', caseInput()))
  expect(second.caseNo).toBe('CX2611250002')
  // Notices are tried right after the case is stored; the sweep has nothing left to send.
  expect(h.sent.map((m) => m.to)).toContain('dev-CX-park-liaison')
  expect(h.sent.map((m) => m.to)).not.toContain('dev-CX-park-employer')
  const sweep = expectOk(await h.call<{ delivered: number; pending: number }>('sweep', null, 'sweep.run', {}))
  expect(sweep).toMatchObject({ delivered: 0, pending: 0 })
}, 60_000)

it('runs the case engine over the cloud store: actions with versions, a conflict, and the sweep escalating', async () => {
  const id = expectOk(await h.call<{ id: string }>('worker', WORKER, 'case.submit', caseInput({ category: 'wage_arrears', amountOwed: 5000 }))).id
  const d = expectOk(await h.call<{ version: number; actions: string[] }>('officer', 'dev-CX-street-head', 'case.detail', { id }))
  expect(d.actions).toContain('case.accept')
  expectOk(await h.call('officer', 'dev-CX-street-head', 'case.note', { id, version: d.version, text: '先记一笔，下午联系。' }))
  expectError(await h.call('officer', 'dev-CX-street-head', 'case.accept', { id, version: d.version }), 'CASE_CONFLICT')
  // Nobody accepts within 4 working hours: the county takes it.
  h.clock.now += 6 * 3600_000
  const sweep = expectOk(await h.call<{ cases: { applied: number } }>('sweep', null, 'sweep.run', {}))
  expect(sweep.cases.applied).toBeGreaterThan(0)
  const doc = (await h.store.get<CaseDoc>('cases', id))!
  expect([doc.ownerStationId, doc.state]).toEqual(['st-CX-0001', 'submitted'])
  const county = expectOk(await h.call<{ version: number }>('officer', 'dev-CX-county-head', 'case.detail', { id }))
  expect(expectOk(await h.call<{ state: string }>('officer', 'dev-CX-county-head', 'case.accept', { id, version: county.version })).state).toBe('accepted')
}, 60_000)
