import type { CaseDoc, CaseEventDoc, OutboxDoc, StationDoc } from '../../cloudfunctions/core/app/records'
import { acceptCase, getMyCase, resolveCase, setStationStatus, startCase } from '../../types/contracts'
import { onBothStores } from '../support/both-stores'
import { WORKER, expectOk } from '../support/harness'

/**
 * Suspending a station moves its open cases to the nearest active station above it (new cases already go
 * there), each with a timeline event the worker reads; closed cases stay where they were. The same on both
 * store adapters.
 */
const HEAD = 'dev-CX-street-head'
const COUNTY = 'dev-CX-county-head'

// The CloudBase suite sends every call through the real SDK over HTTP (a filing also records its content check):
// on a loaded machine a test there takes seconds.
jest.setTimeout(20_000)

onBothStores((harness) => {
  it('moves submitted, working and resolved cases up, keeps closed ones, and tells the new owner', async () => {
    const h = harness()
    const waiting = (await h.file()).id
    const working = (await h.file()).id
    expectOk(await h.act(acceptCase, HEAD, working))
    expectOk(await h.act(startCase, HEAD, working))
    const resolved = (await h.file()).id
    expectOk(await h.act(acceptCase, HEAD, resolved))
    expectOk(await h.act(resolveCase, HEAD, resolved, { text: '单位已补发工资，请确认。', conclusion: 'solved' }))
    const withdrawn = (await h.file()).id
    const w = (await h.store.get<CaseDoc>('cases', withdrawn))!
    await h.store.update<CaseDoc>('cases', withdrawn, w._v, { state: 'withdrawn' })

    const street = (await h.store.get<StationDoc>('stations', 'st-CX-0002'))!
    expectOk(await h.op(setStationStatus, COUNTY, { id: street._id, version: street._v, status: 'suspended', reason: '驿站搬迁，暂时没有人值守' }))

    const get = async (id: string) => (await h.store.get<CaseDoc>('cases', id))!
    expect(await get(waiting)).toMatchObject({ ownerStationId: 'st-CX-0001', state: 'submitted' })
    expect(await get(working)).toMatchObject({ ownerStationId: 'st-CX-0001', state: 'submitted' })
    expect((await get(working)).clocks.accept.dueAt).toBeGreaterThan(h.clock.now)
    expect(await get(resolved)).toMatchObject({ ownerStationId: 'st-CX-0001', state: 'resolved' })
    expect(await get(withdrawn)).toMatchObject({ ownerStationId: 'st-CX-0002', state: 'withdrawn' })

    const events = (await h.store.find<CaseEventDoc>('case_events', { where: { caseId: waiting }, limit: 50 })).items
    expect(events.map((e) => [e.text, e.internal])).toContainEqual(['曹城街道驿站（示例） 暂停服务，这条诉求改由 曹县劳动关系服务驿站 办理', false])
    const outbox = (await h.store.find<OutboxDoc>('outbox', { limit: 500 })).items
    expect(outbox.some((r) => r.caseId === working && r.kind === 'case.escalated' && r.to === COUNTY)).toBe(true)
    // The worker sees who holds it now.
    expect(expectOk(await h.op(getMyCase, WORKER, { id: waiting })).stationName).toBe('曹县劳动关系服务驿站')
    // And the county takes it from there.
    expectOk(await h.act(acceptCase, COUNTY, working))
  })
})
