import { addCaseInfo, redeemInvite, runSweep, submitCase } from '../../types/contracts'
import { RATE_LIMITS } from '../../types/rate-limits'
import { COLLECTIONS } from '../../cloudfunctions/core/ports/collections'
import { onBothStores } from '../support/both-stores'
import { expectError, expectOk, newRequestId, snapshotCounts, submitInput } from '../support/harness'

/** Per-caller limits (types/rate-limits.ts), counted in the store: the same on both adapters. */
// Eleven filings through the CloudBase fake, each with its inbox counters, take a few seconds on a busy machine.
jest.setTimeout(30_000)

onBothStores((harness) => {
  const HOUR = 60 * 60_000

  it('files ten cases an hour, then refuses with when to try again, writing nothing', async () => {
    const h = harness()
    h.clock.now = Math.floor(h.clock.now / HOUR) * HOUR + 20 * 60_000 // 20 minutes into an hour
    const worker = 'o-busy-worker'
    const first = newRequestId()
    expectOk(await h.op(submitCase, worker, submitInput(), { requestId: first }))
    for (let i = 1; i < RATE_LIMITS.file.limit; i++) expectOk(await h.op(submitCase, worker, submitInput()))
    const before = await snapshotCounts(h.store)
    const refused = await h.op(submitCase, worker, submitInput())
    expectError(refused, 'RATE_LIMITED')
    if (!refused.ok) expect(refused.error.message).toBe('提交诉求太频繁了，请在 40 分钟后再试；着急可以拨打 12333')
    expect(await snapshotCounts(h.store)).toEqual(before)
    // A retry of a request already answered is answered again: it is not a new use.
    expectOk(await h.op(submitCase, worker, submitInput(), { requestId: first }))
    // Someone else is not held up.
    expectOk(await h.op(submitCase, 'o-another-worker', submitInput()))
    // The next hour the worker files again.
    h.clock.now += 40 * 60_000
    expectOk(await h.op(submitCase, worker, submitInput()))
  })

  it('opens a window again that this instance saw counting but the store no longer holds (the guess is never the answer, ADR 0052)', async () => {
    const h = harness()
    h.clock.now = Math.floor(h.clock.now / HOUR) * HOUR + 5 * 60_000
    const worker = 'o-guessed-worker'
    const windowsNow = async () => new Map((await h.store.find<{ _id: string; n: number; _v: number }>(COLLECTIONS.rateLimits, { limit: 1000 })).items.map((w) => [w._id, w]))
    const before = await windowsNow()
    expectOk(await h.op(submitCase, worker, submitInput()))
    expectOk(await h.op(submitCase, worker, submitInput()))
    const opened = [...(await windowsNow()).values()].filter((w) => !before.has(w._id))
    expect(opened.map((w) => w.n)).toEqual([2])
    // This instance remembers the window counting; the store no longer has it.
    await h.store.remove(COLLECTIONS.rateLimits, opened[0]!._id, opened[0]!._v)
    expectOk(await h.op(submitCase, worker, submitInput()))
    expect((await windowsNow()).get(opened[0]!._id)?.n).toBe(1)
  })

  it('counts wrong invite codes too, so guessing one is slow: five wrong lock the caller for the day (ADR 0020), and every try counts against the hour', async () => {
    const h = harness()
    const guesser = 'o-code-guesser'
    const code = (i: number) => `WRNG${String(i).padStart(4, '2')}`
    for (let i = 0; i < RATE_LIMITS.inviteWrong.limit - 1; i++) expectError(await h.op(redeemInvite, guesser, { code: code(i) }), 'INVITE_NOT_FOUND')
    for (let i = RATE_LIMITS.inviteWrong.limit - 1; i < RATE_LIMITS.inviteRedeem.limit; i++) expectError(await h.op(redeemInvite, guesser, { code: code(i) }), 'INVITE_LOCKED')
    expectError(await h.op(redeemInvite, guesser, { code: 'WRNG9999' }), 'RATE_LIMITED')
  })

  it('does not count a call its contract refuses', async () => {
    const h = harness()
    const worker = 'o-typo-worker'
    for (let i = 0; i < RATE_LIMITS.file.limit + 2; i++) expectError(await h.op(submitCase, worker, submitInput({ description: '' })), 'REQUEST_INVALID')
    expectOk(await h.op(submitCase, worker, submitInput()))
  })

  it('limits messages on a case', async () => {
    const h = harness()
    const worker = 'o-chatty-worker'
    const filed = expectOk(await h.op(submitCase, worker, submitInput()))
    for (let i = 0; i < RATE_LIMITS.message.limit; i++) expectOk(await h.act(addCaseInfo, worker, filed.id, { text: `补充第 ${i + 1} 条` }))
    expectError(await h.act(addCaseInfo, worker, filed.id, { text: '再补一条' }), 'RATE_LIMITED')
  }, 60_000)

  it('forgets the counts of ended windows on the sweep', async () => {
    const h = harness()
    expect(await h.store.count(COLLECTIONS.rateLimits)).toBeGreaterThan(0)
    // The longest window is a day (wrong invite codes).
    h.clock.now += 25 * HOUR
    expectOk(await h.op(runSweep, null, {}))
    expect(await h.store.count(COLLECTIONS.rateLimits)).toBe(0)
  })
}, { rateLimits: true })
