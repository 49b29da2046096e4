import type { AuditDoc, CaseDoc, CaseEventDoc, StationDoc } from '../../cloudfunctions/core/app/records'
import { acceptCase, createNotice, getCaseDetail, getMyCase, getNetworkTree, listNotices, moveStation, resolveCase, confirmCase } from '../../types/contracts'
import { onBothStores } from '../support/both-stores'
import { WORKER, expectError, expectOk, type Harness } from '../support/harness'

/**
 * Moving a station under another parent of its county: the kind rules hold, the station and everything below
 * it get their new path, and their cases stay with them, each with a timeline event, now seen from the new
 * stations above. The same on both store adapters.
 */
const COUNTY = 'dev-CX-county-head'
const STREET_HEAD = 'dev-CX-street-head'
const PARK = 'dev-CX-park-liaison'
const CITY = 'dev-city-admin'

const station = async (h: Harness, id: string) => (await h.store.get<StationDoc>('stations', id))!
const move = async (h: Harness, openid: string, id: string, parentId: string, reason = '园区划归街道管理') =>
  h.op(moveStation, openid, { id, version: (await station(h, id))._v, parentId, reason })

// The CloudBase suite sends every call through the real SDK over HTTP (a filing also records its content check):
// on a loaded machine a test there takes seconds.
jest.setTimeout(20_000)

onBothStores((harness) => {
  it('moves a park and its enterprise under a township; their cases stay, with a timeline event, seen from above', async () => {
    const h = harness()
    const atFirm = (await h.file({ stationId: 'st-CX-0004', privacy: 'open' })).id
    const atPark = (await h.file({ stationId: 'st-CX-0003', privacy: 'confidential' })).id
    const closed = (await h.file({ stationId: 'st-CX-0003', privacy: 'confidential' })).id
    expectOk(await h.act(acceptCase, PARK, closed))
    expectOk(await h.act(resolveCase, PARK, closed, { text: '已协调单位补发。', conclusion: 'solved' }))
    expectOk(await h.act(confirmCase, WORKER, closed, { rating: 5 }))
    // Before: the street sees none of them.
    expectError(await h.op(getCaseDetail, STREET_HEAD, { id: atPark }), 'CASE_NOT_FOUND')
    expectOk(await h.op(createNotice, STREET_HEAD, { stationId: 'st-CX-0002', title: '曹城街道法律咨询日', category: 'campaign', body: '每周三上午，律师在驿站答疑。', publishAt: null, expiresAt: null, draft: false }))
    expect(expectOk(await h.op(listNotices, WORKER, { stationId: 'st-CX-0004', limit: 50 })).items.map((n) => n.title)).not.toContain('曹城街道法律咨询日')

    const moved = expectOk(await move(h, COUNTY, 'st-CX-0003', 'st-CX-0002'))
    expect(moved).toMatchObject({ id: 'st-CX-0003', parentId: 'st-CX-0002', parentName: '曹城街道驿站（示例）', code: 'HZ-CX-0003', casesMoved: 3 })
    expect((await station(h, 'st-CX-0003')).path).toEqual(['st-HZ-0001', 'st-CX-0001', 'st-CX-0002', 'st-CX-0003'])
    expect((await station(h, 'st-CX-0004')).path).toEqual(['st-HZ-0001', 'st-CX-0001', 'st-CX-0002', 'st-CX-0003', 'st-CX-0004'])
    expect((await station(h, 'st-CX-0005')).path).toEqual(['st-HZ-0001', 'st-CX-0001', 'st-CX-0002', 'st-CX-0005'])

    const c = async (id: string) => (await h.store.get<CaseDoc>('cases', id))!
    expect(await c(atFirm)).toMatchObject({ ownerStationId: 'st-CX-0004', state: 'submitted', ownerPath: ['st-HZ-0001', 'st-CX-0001', 'st-CX-0002', 'st-CX-0003', 'st-CX-0004'] })
    expect(await c(atPark)).toMatchObject({ ownerStationId: 'st-CX-0003', state: 'submitted' })
    expect((await c(closed)).ownerPath).toEqual(['st-HZ-0001', 'st-CX-0001', 'st-CX-0002', 'st-CX-0003'])
    const events = async (id: string) => (await h.store.find<CaseEventDoc>('case_events', { where: { caseId: id }, limit: 50 })).items.filter((e) => e.kind === 'owner_moved')
    const words = '曹县经济开发区驿站（示例） 改归 曹城街道驿站（示例） 管理，这条诉求仍由 曹县经济开发区驿站（示例） 办理'
    expect((await events(atPark)).map((e) => [e.text, e.internal])).toEqual([[words, false]])
    expect((await events(closed)).map((e) => e.internal)).toEqual([true])
    expect(expectOk(await h.op(getMyCase, WORKER, { id: atFirm })).timeline.map((t) => t.text)).toContain(
      '曹县经济开发区驿站（示例） 改归 曹城街道驿站（示例） 管理，这条诉求仍由 示例纺织有限公司驿站（曹县，示例） 办理',
    )
    // Now the street, an ancestor, reads them; the park still handles its own.
    expect(expectOk(await h.op(getCaseDetail, STREET_HEAD, { id: atPark })).ownerStationName).toBe('曹县经济开发区驿站（示例）')
    expectOk(await h.act(acceptCase, PARK, atPark))
    // The street's notices reach the park's enterprise; the tree shows the park under the street.
    expect(expectOk(await h.op(listNotices, WORKER, { stationId: 'st-CX-0004', limit: 50 })).items.map((n) => n.title)).toContain('曹城街道法律咨询日')
    const tree = expectOk(await h.op(getNetworkTree, COUNTY, {}))
    const street = tree.roots[0]!.children.find((x) => x.id === 'st-CX-0002')!
    expect(street.children.map((x) => x.id)).toEqual(expect.arrayContaining(['st-CX-0003', 'st-CX-0005']))
    const audit = (await h.store.find<AuditDoc>('audit_log', { orderBy: { field: 'at', dir: 'desc' }, limit: 5 })).items.find((a) => a.what === 'station.move')!
    expect(audit).toMatchObject({ by: 'of-dev-CX-county-head', target: 'st-CX-0003' })
    expect(audit.detail).toContain('曹县劳动关系服务驿站 → 曹城街道驿站（示例）')

    // And back to the county: the paths and the cases follow again.
    expectOk(await move(h, COUNTY, 'st-CX-0003', 'st-CX-0001', '恢复由县区直接管理'))
    expect((await c(atFirm)).ownerPath).toEqual(['st-HZ-0001', 'st-CX-0001', 'st-CX-0003', 'st-CX-0004'])
    expectError(await h.op(getCaseDetail, STREET_HEAD, { id: atPark }), 'CASE_NOT_FOUND')
  })

  it('refuses moves the kinds, the tree, the county or the scope do not allow, changing nothing', async () => {
    const h = harness()
    const before = JSON.stringify(await h.store.find<StationDoc>('stations', { where: { countyId: 'st-CX-0001' }, limit: 100 }))
    expectError(await move(h, COUNTY, 'st-CX-0002', 'st-CX-0003'), 'STATION_KIND_PARENT')
    expectError(await move(h, COUNTY, 'st-CX-0005', 'st-CX-0004'), 'STATION_KIND_PARENT')
    expect(expectError(await move(h, COUNTY, 'st-CX-0003', 'st-CX-0004'), 'REQUEST_INVALID').message).toBe('不能移到自己或自己的下级驿站下面')
    expect(expectError(await move(h, COUNTY, 'st-CX-0003', 'st-CX-0001'), 'REQUEST_INVALID').message).toBe('已经在 曹县劳动关系服务驿站 下面了')
    expect(expectError(await move(h, COUNTY, 'st-CX-0001', 'st-HZ-0001'), 'REQUEST_INVALID').message).toBe('市级和县区驿站不能移动')
    expectError(await move(h, COUNTY, 'st-CX-0005', 'st-SX-0002'), 'STATION_OUT_OF_SCOPE')
    expect(expectError(await move(h, CITY, 'st-CX-0005', 'st-SX-0002'), 'REQUEST_INVALID').message).toBe('只能在本县区内调整上级驿站（驿站编号和诉求编号跟着县区）')
    expectError(await move(h, STREET_HEAD, 'st-CX-0005', 'st-CX-0003'), 'AUTH_FORBIDDEN')
    expectError(await h.op(moveStation, COUNTY, { id: 'st-CX-0005', version: 99, parentId: 'st-CX-0003', reason: '版本过时' }), 'STORE_CONFLICT')
    expect(JSON.stringify(await h.store.find<StationDoc>('stations', { where: { countyId: 'st-CX-0001' }, limit: 100 }))).toBe(before)
  })
})
