import type { CaseDoc } from '../../cloudfunctions/core/app/records'
import type { Contract, InputOf } from '../../types/contract'
import { acceptCase, escalateCase, flagGroupCase, getCaseDetail, noteCase, referCase, transferCase } from '../../types/contracts'
import { WORKER, makeHarness, snapshotCounts, type Harness } from '../support/harness'

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

type Outcome = 'ok' | 'AUTH_FORBIDDEN' | 'CASE_NOT_FOUND' | 'AUTH_NOT_OFFICER'
const outsiders: Partial<Record<Person, Outcome>> = { park: 'CASE_NOT_FOUND', parkEmployer: 'CASE_NOT_FOUND', otherCounty: 'CASE_NOT_FOUND', worker: 'AUTH_NOT_OFFICER' }
const only = (allowed: Person[], rest: Outcome = 'AUTH_FORBIDDEN'): Record<Person, Outcome> =>
  Object.fromEntries(
    (Object.keys(PEOPLE) as Person[]).map((p) => [p, allowed.includes(p) ? 'ok' : (outsiders[p] ?? rest)]),
  ) as Record<Person, Outcome>

/**
 * One action of the table: its contract, the input it is sent with besides the case and version, and the
 * outcome for each person. The case is named with the version in the store, so that people who cannot see it
 * are refused for who they are, not for a stale version.
 */
interface Row {
  op: string
  expected: Record<Person, Outcome>
  send: (openid: string, id: string, version: number) => ReturnType<Harness['op']>
}
const row = <C extends Contract>(contract: C, fields: Omit<InputOf<C>, 'id' | 'version'>, expected: Record<Person, Outcome>): Row => ({
  op: contract.op,
  expected,
  send: (openid, id, version) => h.op(contract, openid, { ...fields, id, version } as InputOf<C>),
})

/** Open case: any owner officer handles; leads transfer, escalate, flag; refer needs a lead of government/union/third party. */
const OPEN: Row[] = [
  row(acceptCase, {}, only(['head', 'rep', 'lawyer'])),
  row(noteCase, { text: '内部记录一下。' }, only(['head', 'rep', 'lawyer', 'county', 'city'])),
  row(transferCase, { toStationId: 'st-CX-0003', reason: '属于开发区' }, only(['head'])),
  row(escalateCase, { reason: '需要县里协调' }, only(['head'])),
  row(referCase, { to: 'arbitration', where: '', reason: '需要仲裁处理' }, only(['head'])),
  row(flagGroupCase, { reason: '同一工地多人反映' }, only(['head', 'county', 'city'])),
]

let h: Harness
beforeAll(async () => {
  h = await makeHarness()
})
afterAll(async () => {
  await h.close()
})

describe.each(OPEN.map((r) => [r.op, r] as const))('%s on an open case', (_op, action) => {
  it.each(Object.entries(action.expected))('%s → %s', async (person, outcome) => {
    const { id } = await h.file({ workersAffected: 1 })
    const before = await snapshotCounts(h.store)
    const doc = (await h.store.get<CaseDoc>('cases', id))!
    const r = await action.send(PEOPLE[person as Person], id, doc._v)
    expect(r.ok ? 'ok' : r.error.code).toBe(outcome)
    if (!r.ok) {
      expect(await snapshotCounts(h.store)).toEqual(before)
      expect(await h.store.get<CaseDoc>('cases', id)).toEqual(doc)
    }
  })
})

describe('a confidential case at the same station', () => {
  it('is handled by the owner’s officers of every side but the employer, and identity stays with government, union and third party', async () => {
    const { id } = await h.file({ privacy: 'confidential' })
    const identityOf = async (p: Person) => {
      const r = await h.op(getCaseDetail, PEOPLE[p], { id })
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
