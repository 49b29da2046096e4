import { DEFAULT_CONCLUSIONS } from '../../cloudfunctions/core/domain/conclusions'
import calendarData from '../../cloudfunctions/core/data/cn-workday-calendar.json'
import { decide, openCase, type CaseModel, type EngineEnv, type StationRef } from '../../cloudfunctions/core/domain/case-engine'
import {
  AFTER_DATED,
  cellChanges,
  counterCountiesOf,
  counterDocId,
  countFromCells,
  dayStart,
  inboxCellsOf,
  inboxPlaceOf,
  missedClock,
  stationOfCounter,
  timeTabOf,
} from '../../cloudfunctions/core/domain/inbox'
import { DEFAULT_SLA_POLICY } from '../../cloudfunctions/core/domain/sla-policy'
import { loadCalendar } from '../../cloudfunctions/core/domain/working-time'

/** Where a case stands in the inbox (ADR 0009): 即将超期 and 已超期 follow the engine's own steps; the cells it is counted in. */

const cal = loadCalendar(calendarData)
const sh = (wall: string): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(wall)!
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]! - 8, +m[5]!)
}
const st = (id: string, kind: StationRef['kind'], path: string[]): StationRef => ({ id, name: id, kind, path: [...path, id], status: 'active' })
const CITY = st('city', 'city', [])
const COUNTY = st('county', 'county', ['city'])
const T1 = st('t1', 'township', ['city', 'county'])
const T2 = st('t2', 'township', ['city', 'county'])
const STATIONS = new Map([CITY, COUNTY, T1, T2].map((s) => [s.id, s]))
const env = (now: string): EngineEnv => ({ now: sh(now), cal, policy: DEFAULT_SLA_POLICY, stations: STATIONS })
const countyOf = (id: string) => STATIONS.get(id)!.path[1] ?? null

const filed = (): CaseModel =>
  openCase(
    { category: 'pay', workersAffected: 1, privacy: 'confidential', owner: T1, route: { reasons: ['scanned'], group: false } },
    { now: sh('2026-11-25 10:00'), cal, policy: DEFAULT_SLA_POLICY },
  ).next
const step = (c: CaseModel, cmd: Parameters<typeof decide>[1], now: string) => decide(c, cmd, env(now)).next

describe('即将超期 and 已超期', () => {
  it('a new case is neither; past the 75 % warning it is near; a missed 受理 moves it up, where it starts afresh', () => {
    const c = filed()
    expect(timeTabOf(c)).toBeNull()
    const warned = step(c, { type: 'warn', clock: 'accept' }, '2026-11-25 17:10')
    expect(timeTabOf(warned)).toBe('soon')
    const moved = step(warned, { type: 'miss', clock: 'accept' }, '2026-11-26 10:01')
    expect(moved.ownerStationId).toBe('county')
    expect([timeTabOf(moved), missedClock(moved)]).toEqual([null, null])
  })

  it('a missed 办结 deadline is 已超期 until the case is answered, though the 督办 clock runs again', () => {
    const accepted = step(filed(), { type: 'accept' }, '2026-11-25 11:00')
    expect(timeTabOf(accepted)).toBeNull()
    const missed = step(accepted, { type: 'miss', clock: 'resolve' }, '2026-12-16 10:00')
    expect(missed.supervisorStationId).toBe('county')
    expect(missed.clocks.resolve.dueAt).not.toBeNull()
    expect([timeTabOf(missed), missedClock(missed)]).toEqual(['overdue', 'resolve'])
    const held = step(missed, { type: 'hold', reason: '等材料' }, '2026-12-16 11:00')
    expect(timeTabOf(held)).toBeNull()
    const answered = step(step(held, { type: 'resume' }, '2026-12-17 09:00'), { type: 'resolve', text: '已办结', conclusion: { item: DEFAULT_CONCLUSIONS[0]! } }, '2026-12-17 10:00')
    expect([timeTabOf(answered), missedClock(answered)]).toEqual([null, null])
  })

  it('the city keeps a case it did not accept in time: 受理已超期 there', () => {
    const atCity: CaseModel = { ...filed(), ownerStationId: 'city', ownerPath: ['city'] }
    const missed = step(atCity, { type: 'miss', clock: 'accept' }, '2026-11-26 10:01')
    expect(missed.ownerStationId).toBe('city')
    expect([timeTabOf(missed), missedClock(missed)]).toEqual(['overdue', 'accept'])
  })
})

describe('the place in the inbox and the counter cells', () => {
  it('sorts 待受理 by the 受理 deadline, a paused case after every dated one, and 已办结 by when it closed', () => {
    const c = filed()
    const place = inboxPlaceOf(c, countyOf)
    expect(place).toMatchObject({ ownerCountyId: 'county', ownTab: 'pending', ownSort: c.clocks.accept.dueAt, timeTab: null, transferTargetId: null, superSort: null })
    const held = step(step(c, { type: 'accept' }, '2026-11-25 11:00'), { type: 'hold', reason: '等材料' }, '2026-11-25 12:00')
    expect(inboxPlaceOf(held, countyOf).ownSort).toBeGreaterThan(AFTER_DATED)
    const done = step(c, { type: 'withdraw' }, '2026-11-25 11:00')
    expect(inboxPlaceOf(done, countyOf)).toMatchObject({ ownTab: 'done', ownSort: sh('2026-11-25 11:00') })
  })

  it('counts a case for the stations it is listed under only, in each tab it is in (a 全辖区 adds them up, ADR 0045)', () => {
    const c = step(filed(), { type: 'transfer', toStationId: 't2', reason: '属于对方' }, '2026-11-25 11:00')
    const place = inboxPlaceOf(c, countyOf)
    const cells = inboxCellsOf(c, place)
    expect(cells).toEqual(['t1:station|pending|confidential|pay', 't2:station|incoming|confidential|pay'])
    expect(Object.fromEntries(counterCountiesOf(c, place))).toEqual({ 't1:station': 'county', 't2:station': 'county' })
    const taken = step(c, { type: 'transfer_accept' }, '2026-11-25 12:00')
    const changes = cellChanges(cells, inboxCellsOf(taken, inboxPlaceOf(taken, countyOf)))
    expect(Object.fromEntries([...changes].map(([doc, m]) => [doc, Object.fromEntries(m)]))).toEqual({
      't1:station': { 'pending|confidential|pay': -1 },
      't2:station': { 'incoming|confidential|pay': -1, 'active|confidential|pay': 1 },
    })
  })

  it('leaves out the 全辖区 documents a case stored before ADR 0045 names among its cells', () => {
    const c = filed()
    const old = ['t1:station|pending|confidential|pay', 'county:subtree|pending|confidential|pay', 'city:subtree|pending|confidential|pay']
    const accepted = step(c, { type: 'accept' }, '2026-11-25 11:00')
    const changes = cellChanges(old, inboxCellsOf(accepted, inboxPlaceOf(accepted, countyOf)))
    expect(Object.fromEntries([...changes].map(([doc, m]) => [doc, Object.fromEntries(m)]))).toEqual({
      't1:station': { 'pending|confidential|pay': -1, 'active|confidential|pay': 1 },
    })
    expect([stationOfCounter('t1:station'), stationOfCounter('county:subtree')]).toEqual(['t1', null])
    expect(counterDocId('city')).toBe('city:station')
  })

  it('gives the city station no county, and a county station its own', () => {
    expect(Object.fromEntries(counterCountiesOf({ ownerStationId: 'city', supervisorStationId: null }, { ownerCountyId: null }))).toEqual({ 'city:station': null })
    const supervised = { ownerStationId: 't1', supervisorStationId: 'county' }
    expect(Object.fromEntries(counterCountiesOf(supervised, { ownerCountyId: 'county', supervisorCountyId: 'county' }))).toEqual({ 't1:station': 'county', 'county:station': 'county' })
  })

  it('reads a count for the tracks a side sees, narrowed by category', () => {
    const cells = [{ 'pending|open|pay': 2, 'pending|confidential|pay': 3, 'pending|anonymous|contract': 1, 'done|open|pay': 7 }]
    expect(countFromCells(cells, 'pending', ['open', 'confidential', 'anonymous'])).toBe(6)
    expect(countFromCells(cells, 'pending', ['open'])).toBe(2)
    expect(countFromCells(cells, 'pending', ['open', 'confidential', 'anonymous'], 'contract')).toBe(1)
    expect(countFromCells([], 'done', ['open'])).toBe(0)
  })

  it('takes filing days in Beijing time', () => {
    expect(dayStart('2026-11-25')).toBe(sh('2026-11-25 00:00'))
    expect(dayStart('2026-11-25', true)).toBe(sh('2026-11-26 00:00'))
    expect(dayStart('2026-12-31', true)).toBe(sh('2027-01-01 00:00'))
  })
})
