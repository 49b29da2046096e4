import { WORKER, caseInput, expectError, expectOk, makeHarness, type Harness } from '../support/harness'

type Log = { items: Array<{ officerName: string; stationName: string; caseNo: string; what: string }>; next?: string }

let h: Harness
beforeEach(async () => {
  h = await makeHarness()
})
afterEach(async () => {
  await h.close()
})

it('shows admins who saw a worker’s identity, newest first, each admin their own scope', async () => {
  const cx = expectOk(await h.call<{ id: string; caseNo: string }>('worker', WORKER, 'case.submit', caseInput()))
  const md = expectOk(await h.call<{ id: string; caseNo: string }>('worker', WORKER, 'case.submit', caseInput({ stationId: 'st-MD-0002' })))
  expectOk(await h.call('officer', 'dev-CX-street-head', 'case.detail', { id: cx.id }))
  h.clock.now += 60_000
  expectOk(await h.call('officer', 'dev-MD-street-head', 'case.detail', { id: md.id }))
  h.clock.now += 60_000
  expectOk(await h.call('officer', 'dev-CX-county-head', 'case.detail', { id: cx.id }))

  const city = expectOk(await h.call<Log>('admin', 'dev-city-admin', 'accessLog.list', {}))
  expect(city.items.map((r) => [r.caseNo, r.officerName])).toEqual([
    [cx.caseNo, '曹县周科长'],
    [md.caseNo, '西城街道王所长'],
    [cx.caseNo, '曹城街道王所长'],
  ])
  expect(city.items[2]).toMatchObject({ stationName: '曹城街道驿站（示例）', what: '查看了职工姓名和电话' })
  const county = expectOk(await h.call<Log>('admin', 'dev-CX-county-head', 'accessLog.list', { limit: 1 }))
  expect(county.items.map((r) => r.officerName)).toEqual(['曹县周科长'])
  const more = expectOk(await h.call<Log>('admin', 'dev-CX-county-head', 'accessLog.list', { limit: 1, after: county.next }))
  expect(more.items.map((r) => r.officerName)).toEqual(['曹城街道王所长'])
  expect(more.next).toBeUndefined()
  expectError(await h.call('admin', 'dev-CX-street-head', 'accessLog.list', {}), 'AUTH_FORBIDDEN')
})
