import fc from 'fast-check'
import { CONTRACTS } from '../../types/contracts'
import { ERRORS, type Result } from '../../types/errors'
import { createSqliteStore } from '../../cloudfunctions/core/adapters/sqlite/store'
import { COLLECTIONS } from '../../cloudfunctions/core/ports/collections'
import type { Store, TxStore } from '../../cloudfunctions/core/ports/store'
import { makeHarness, WORKER, type Harness } from '../support/harness'

/**
 * Every operation under random and hostile input (fast-check), from every kind of caller: the answer is a
 * success or a coded Chinese error, never INTERNAL or a throw, and a refused call writes nothing. New
 * operations are covered as soon as they are in CONTRACTS.
 *
 * Writes a refusal may make on purpose, and only these: the count of a rate-limited use (an attempt at a
 * code is an attempt, right or wrong).
 */
const WRITES_ALLOWED_ON_REFUSAL = new Set<string>([COLLECTIONS.rateLimits])

const CALLERS = [null, WORKER, 'o-stranger', 'dev-CX-street-head', 'dev-CX-firm-hr', 'dev-CX-county-head', 'dev-city-admin', 'dev-MD-street-head'] as const

/** A store that notes every write, inside transactions too. */
const recording = (store: Store) => {
  const writes: string[] = []
  const wrapTx = <T extends TxStore>(tx: T): T =>
    new Proxy(tx, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver)
        if (key === 'insert' || key === 'insertMany' || key === 'update' || key === 'updateHeld' || key === 'updateHeldMany' || key === 'increment' || key === 'remove')
          return (collection: string, ...rest: unknown[]) => {
            writes.push(collection)
            return (v as (...a: unknown[]) => unknown).call(target, collection, ...rest)
          }
        if (key === 'transaction') return (fn: (tx: TxStore) => Promise<unknown>) => (v as Store['transaction']).call(target, (inner) => fn(wrapTx(inner)))
        return typeof v === 'function' ? v.bind(target) : v
      },
    })
  return { store: wrapTx(store), writes }
}

const CJK = /[\u4e00-\u9fff]/

/** Values that break careless code: wrong types, huge and odd strings, prototype keys, other people's ids. */
const hostileValue = fc.oneof(
  fc.anything(),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', '\ud800', '𠀀'.repeat(3000), 'x'.repeat(70_000), '<script>alert(1)</script>', "'; DROP TABLE cases; --", '../../etc/passwd', 'javascript:alert(1)'),
  fc.constantFrom('st-CX-0002', 'st-SX-0001', 'st-HZ-0001', 'st-CX-0004', 'nope', '__proto__', 'constructor'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 1, 2 ** 53, Number.MAX_SAFE_INTEGER, -0),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 5 }),
)
const KEYS = ['id', 'version', 'stationId', 'text', 'reason', 'code', 'tab', 'after', 'limit', 'dryRun', 'category', 'privacy', 'description', 'contact', 'jobId', 'name', 'kind', 'parentId', 'status', 'year', 'role', 'side', 'toStationId', 'rating', '__proto__', 'constructor', 'extra']
const hostileInput = fc.oneof(
  fc.anything(),
  fc.dictionary(fc.constantFrom(...KEYS), hostileValue, { maxKeys: 6 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 4 }),
)

let h: Harness
let writes: string[]
beforeAll(async () => {
  const r = recording(createSqliteStore({ file: ':memory:' }))
  writes = r.writes
  h = await makeHarness({ store: r.store, rateLimits: true })
  // A case to aim ids at.
  await h.file()
})
afterAll(() => h.close())

const names = Object.keys(CONTRACTS) as Array<keyof typeof CONTRACTS>

it('sees the writes of a call (so "nothing written" below means something)', async () => {
  writes.length = 0
  await h.file()
  expect(writes).toEqual(expect.arrayContaining([COLLECTIONS.cases, COLLECTIONS.caseEvents, COLLECTIONS.requests]))
})

describe.each(names)('%s', (name) => {
  const contract = CONTRACTS[name]
  it('answers hostile input with a coded Chinese error or a success, and writes nothing when it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CALLERS), hostileInput, fc.boolean(), async (caller, input, extra) => {
        const sent = extra && input && typeof input === 'object' && !Array.isArray(input) ? { ...input, injected: true } : input
        writes.length = 0
        let r: Result<unknown>
        try {
          r = (await h.call(contract.fn, caller, contract.op, sent as never)) as Result<unknown>
        } catch (e) {
          throw new Error(`threw instead of answering: ${String(e)}`)
        }
        if (r.ok) return
        expect(r.error.code).not.toBe('INTERNAL')
        expect(Object.keys(ERRORS)).toContain(r.error.code)
        expect(r.error.message).toMatch(CJK)
        expect(writes.filter((c) => !WRITES_ALLOWED_ON_REFUSAL.has(c))).toEqual([])
      }),
      { numRuns: 40, seed: 20261201 },
    )
  })
})
