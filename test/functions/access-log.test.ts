import { getCaseDetail, listAccessLog } from '../../types/contracts'
import { expectError, expectOk, makeHarness, type Harness } from '../support/harness'

let h: Harness
beforeEach(async () => {
  h = await makeHarness()
})
afterEach(async () => {
  await h.close()
})

it('shows admins who saw a worker’s identity, newest first, each admin their own scope', async () => {
  const cx = await h.file()
  const md = await h.file({ stationId: 'st-MD-0002' })
  expectOk(await h.op(getCaseDetail, 'dev-CX-street-head', { id: cx.id }))
  h.clock.now += 60_000
  expectOk(await h.op(getCaseDetail, 'dev-MD-street-head', { id: md.id }))
  h.clock.now += 60_000
  expectOk(await h.op(getCaseDetail, 'dev-CX-county-head', { id: cx.id }))

  const city = expectOk(await h.op(listAccessLog, 'dev-city-admin', {}))
  expect(city.items.map((r) => [r.caseNo, r.officerName])).toEqual([
    [cx.caseNo, '曹县周科长'],
    [md.caseNo, '西城街道王所长'],
    [cx.caseNo, '曹城街道王所长'],
  ])
  expect(city.items[2]).toMatchObject({ stationName: '曹城街道驿站（示例）', what: '查看了职工姓名和电话' })
  const county = expectOk(await h.op(listAccessLog, 'dev-CX-county-head', { limit: 1 }))
  expect(county.items.map((r) => r.officerName)).toEqual(['曹县周科长'])
  const more = expectOk(await h.op(listAccessLog, 'dev-CX-county-head', { limit: 1, after: county.next }))
  expect(more.items.map((r) => r.officerName)).toEqual(['曹城街道王所长'])
  expect(more.next).toBeUndefined()
  expectError(await h.op(listAccessLog, 'dev-CX-street-head', {}), 'AUTH_FORBIDDEN')
})
