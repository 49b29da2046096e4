import type { CaseDoc } from '../../cloudfunctions/core/app/records'
import { WORKER, caseInput, expectOk, makeHarness, snapshotCounts, type Harness } from '../support/harness'

/**
 * Who may do what on a new case owned by 曹城街道驿站 (st-CX-0002), written out by hand from the rules
 * (DOMAIN §3, DECISIONS D3, D8) rather than from the table the code uses, and checked through the
 * functions: every allowed call succeeds, every refused one answers its code and changes nothing.
 */
const PEOPLE = {
  head: 'dev-CX-street-head', // head, government, owner
  rep: 'dev-CX-street-rep', // member, worker representative, owner
  lawyer: 'dev-CX-street-lawyer', // member, third party, owner
  county: 'dev-CX-county-head', // head, government, ancestor (county admin)
  city: 'dev-city-admin', // head, government, ancestor (city admin)
  park: 'dev-CX-park-liaison', // liaison, union, unrelated station
  parkEmployer: 'dev-CX-park-employer', // member, employer, unrelated station
  otherCounty: 'dev-MD-street-head', // head, government, another county
  worker: WORKER, // not an officer
} as const
type Person = keyof typeof PEOPLE

const ACTIONS: Record<string, Record<string, unknown>> = {
  'case.accept': {},
  'case.note': { text: '内部记录一下。' },
  'case.transfer': { toStationId: 'st-CX-0003', reason: '属于开发区' },
  'case.escalate': { reason: '需要县里协调' },
  'case.refer': { to: 'arbitration', where: '', reason: '需要仲裁处理' },
  'case.flagGroup': { reason: '同一工地多人反映' },
}

type Outcome = 'ok' | 'AUTH_FORBIDDEN' | 'CASE_NOT_FOUND' | 'AUTH_NOT_OFFICER'
const outsiders: Partial<Record<Person, Outcome>> = { park: 'CASE_NOT_FOUND', parkEmployer: 'CASE_NOT_FOUND', otherCounty: 'CASE_NOT_FOUND', worker: 'AUTH_NOT_OFFICER' }
const only = (allowed: Person[], rest: Outcome = 'AUTH_FORBIDDEN'): Record<Person, Outcome> =>
  Object.fromEntries(
    (Object.keys(PEOPLE) as Person[]).map((p) => [p, allowed.includes(p) ? 'ok' : (outsiders[p] ?? rest)]),
  ) as Record<Person, Outcome>

/** Open case: any owner officer handles; leads transfer, escalate, flag; refer needs a lead of government/union/third party. */
const OPEN: Record<string, Record<Person, Outcome>> = {
  'case.accept': only(['head', 'rep', 'lawyer']),
  'case.note': only(['head', 'rep', 'lawyer', 'county', 'city']),
  'case.transfer': only(['head']),
  'case.escalate': only(['head']),
  'case.refer': only(['head']),
  'case.flagGroup': only(['head', 'county', 'city']),
}

let h: Harness
beforeAll(async () => {
  h = await makeHarness()
})
afterAll(async () => {
  await h.close()
})

describe.each(Object.entries(OPEN))('%s on an open case', (op, expected) => {
  it.each(Object.entries(expected))('%s → %s', async (person, outcome) => {
    const id = expectOk(await h.call<{ id: string }>('worker', WORKER, 'case.submit', caseInput({ workersAffected: 1 }))).id
    const before = await snapshotCounts(h.store)
    const doc = (await h.store.get<CaseDoc>('cases', id))!
    const r = await h.call('officer', PEOPLE[person as Person], op, { id, version: doc._v, ...ACTIONS[op] })
    expect(r.ok ? 'ok' : r.error.code).toBe(outcome)
    if (!r.ok) {
      expect(await snapshotCounts(h.store)).toEqual(before)
      expect(await h.store.get<CaseDoc>('cases', id)).toEqual(doc)
    }
  })
})

describe('a confidential case at the same station', () => {
  it('is handled by the owner’s officers of every side but the employer, and identity stays with government, union and third party', async () => {
    const id = expectOk(await h.call<{ id: string }>('worker', WORKER, 'case.submit', caseInput({ privacy: 'confidential' }))).id
    const identityOf = async (p: Person) => {
      const r = await h.call<{ identity: unknown }>('officer', PEOPLE[p], 'case.detail', { id })
      return r.ok ? (r.data.identity ? 'identity' : 'no identity') : r.error.code
    }
    expect(await identityOf('head')).toBe('identity')
    expect(await identityOf('lawyer')).toBe('identity')
    expect(await identityOf('rep')).toBe('no identity')
    expect(await identityOf('county')).toBe('identity')
    expect(await identityOf('parkEmployer')).toBe('CASE_NOT_FOUND')
    expect(await identityOf('park')).toBe('CASE_NOT_FOUND')
  })
})
