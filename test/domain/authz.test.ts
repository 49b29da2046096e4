import { CASE_ACCESS_TABLE, mayAccessCase, mayAccessStation, stationMayHold, stationRelationsOf, type CaseAccess, type Relation } from '../../types/authz'
import { Privacy, Role, Side, StationKind } from '../../types/domain'

const ACCESSES = Object.keys(CASE_ACCESS_TABLE) as CaseAccess[]
const RELATIONS: Relation[] = ['owner', 'ancestor', 'supervisor', 'first_station', 'none']

describe('the case access table', () => {
  it('never lets an employer-side officer touch a case that is not open, whatever the relation or role (D8a)', () => {
    for (const privacy of ['confidential', 'anonymous'] as const)
      for (const access of ACCESSES)
        for (const relation of RELATIONS)
          for (const role of Role.options)
            expect(mayAccessCase(access, privacy, [{ role, side: 'employer', relation }])).toBe(false)
  })

  it('lands only open cases on an enterprise station, and every privacy elsewhere', () => {
    for (const kind of StationKind.options)
      for (const privacy of Privacy.options) expect(stationMayHold(kind, privacy)).toBe(kind !== 'enterprise' || privacy === 'open')
  })

  it('shows identity of a confidential case only to government, union and third party of owner or ancestors', () => {
    for (const side of Side.options)
      for (const relation of RELATIONS) {
        const expected = ['government', 'union', 'third_party'].includes(side) && (relation === 'owner' || relation === 'ancestor')
        expect(mayAccessCase('view_identity', 'confidential', [{ role: 'member', side, relation }])).toBe(expected)
      }
  })

  it('never shows identity of an anonymous case', () => {
    for (const side of Side.options) expect(mayAccessCase('view_identity', 'anonymous', [{ role: 'head', side, relation: 'owner' }])).toBe(false)
  })

  it('gives no access at all without a relation', () => {
    for (const access of ACCESSES)
      for (const privacy of Privacy.options)
        expect(mayAccessCase(access, privacy, [{ role: 'head', side: 'government', relation: 'none' }])).toBe(false)
  })

  it('lets the first station read but not act', () => {
    expect(mayAccessCase('view', 'open', [{ role: 'head', side: 'government', relation: 'first_station' }])).toBe(true)
    for (const access of ACCESSES.filter((a) => a !== 'view'))
      expect(mayAccessCase(access, 'open', [{ role: 'head', side: 'government', relation: 'first_station' }])).toBe(false)
  })
})

describe('the station access table', () => {
  const city = { id: 'city', kind: 'city' as const, countyId: null }
  const county = { id: 'cx', kind: 'county' as const, countyId: 'cx' }
  const other = { id: 'md', kind: 'county' as const, countyId: 'md' }
  const town = { id: 'town', kind: 'township' as const, countyId: 'cx' }
  const head = { stationId: 'town', role: 'head' as const, side: 'government' as const, admin: false }
  const member = { stationId: 'town', role: 'member' as const, side: 'union' as const, admin: false }

  it('lets members read their station, heads and the admins above manage its people', () => {
    expect(mayAccessStation('member', town, stationRelationsOf(town, [member], []))).toBe(true)
    expect(mayAccessStation('manage_people', town, stationRelationsOf(town, [member], []))).toBe(false)
    expect(mayAccessStation('manage_people', town, stationRelationsOf(town, [head], []))).toBe(true)
    expect(mayAccessStation('manage_people', town, stationRelationsOf(town, [], [county]))).toBe(true)
    expect(mayAccessStation('manage_people', town, stationRelationsOf(town, [], [other]))).toBe(false)
    expect(mayAccessStation('admin', town, stationRelationsOf(town, [head], []))).toBe(false)
  })

  it('hands out the admin flag only on the city and county stations, by an admin above them', () => {
    expect(mayAccessStation('grant_admin', county, stationRelationsOf(county, [], [county]))).toBe(true)
    expect(mayAccessStation('grant_admin', town, stationRelationsOf(town, [], [city]))).toBe(false)
    expect(mayAccessStation('grant_admin', other, stationRelationsOf(other, [], [county]))).toBe(false)
  })

  it('keeps city settings to city admins', () => {
    expect(mayAccessStation('city_admin', null, stationRelationsOf(null, [], [city]))).toBe(true)
    expect(mayAccessStation('city_admin', null, stationRelationsOf(null, [], [county]))).toBe(false)
  })
})
