import { nextPeriodStart, PASS_PERIOD_MS, planSweep, SWEEP_SCHEDULE_ID } from '../../cloudfunctions/core/app/sweep-schedule'
import type { SweepScheduleDoc } from '../../cloudfunctions/core/app/records'
import { COLLECTIONS } from '../../cloudfunctions/core/ports/collections'
import { runSweep } from '../../types/contracts'
import { expectOk, makeHarness, sh, type Harness } from '../support/harness'

/** The sweep's periodic passes (ADR 0044): each at the first run of its hour or Shanghai day, deadlines every run. */
describe('the sweep’s schedule', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness({ now: sh('2026-11-25 10:20') })
  })
  afterEach(() => h.close())

  const schedule = async () => (await h.store.get<SweepScheduleDoc>(COLLECTIONS.settings, SWEEP_SCHEDULE_ID))?.next ?? {}

  it('starts the next hour and the next Shanghai day on their boundaries', () => {
    expect(nextPeriodStart(sh('2026-11-25 10:20'), 3_600_000)).toBe(sh('2026-11-25 11:00'))
    expect(nextPeriodStart(sh('2026-11-25 11:00'), 3_600_000)).toBe(sh('2026-11-25 12:00'))
    expect(nextPeriodStart(sh('2026-11-25 23:59'), 86_400_000)).toBe(sh('2026-11-26 00:00'))
    expect(nextPeriodStart(sh('2026-11-26 00:00'), 86_400_000)).toBe(sh('2026-11-27 00:00'))
  })

  it('runs every pass on a new environment, then each once in its period; a pass never named runs at once', async () => {
    expectOk(await h.op(runSweep, null, {}))
    const first = await schedule()
    expect(Object.keys(first).sort()).toEqual(Object.keys(PASS_PERIOD_MS).sort())
    expect(first.media).toBe(sh('2026-11-25 11:00'))
    expect(first.retention).toBe(sh('2026-11-26 00:00'))
    expect(first.setup).toBe(sh('2026-11-26 00:00'))

    // The seeded network's last quarter was rated and its last week reported: done, so due again at the next run.
    expect(first.ratings).toBe(sh('2026-11-25 10:20'))
    h.clock.now = sh('2026-11-25 10:25')
    expect(expectOk(await h.op(runSweep, null, {})).ratings).toEqual({ quarter: '2026-Q3', rated: 0, complete: true })
    expect((await schedule()).ratings).toBe(sh('2026-11-25 11:00'))

    // Five minutes later nothing periodic is due: the schedule is not even written.
    h.clock.now = sh('2026-11-25 10:30')
    const held = (await h.store.get<SweepScheduleDoc>(COLLECTIONS.settings, SWEEP_SCHEDULE_ID))!
    expectOk(await h.op(runSweep, null, {}))
    expect((await h.store.get<SweepScheduleDoc>(COLLECTIONS.settings, SWEEP_SCHEDULE_ID))!._v).toBe(held._v)

    // The first run of the next hour runs the hourly passes, not the daily ones.
    h.clock.now = sh('2026-11-25 11:00')
    expectOk(await h.op(runSweep, null, {}))
    const later = await schedule()
    expect(later.media).toBe(sh('2026-11-25 12:00'))
    expect(later.retention).toBe(sh('2026-11-26 00:00'))

    // A pass the schedule does not name (new in this version of the code) is due.
    const { media: _, ...without } = later
    const doc = (await h.store.get<SweepScheduleDoc>(COLLECTIONS.settings, SWEEP_SCHEDULE_ID))!
    await h.store.update<SweepScheduleDoc>(COLLECTIONS.settings, SWEEP_SCHEDULE_ID, doc._v, { next: without })
    h.clock.now = sh('2026-11-25 11:05')
    expectOk(await h.op(runSweep, null, {}))
    expect((await schedule()).media).toBe(sh('2026-11-25 12:00'))
  })

  it('runs a pass that left work undone again at the next run, a dry run runs every pass and keeps nothing', async () => {
    const plan = await planSweep(h.store, h.clock.now, false)
    const ran: string[] = []
    const none = (n: number) => n === 0
    await plan.pass('retention', { complete: false }, async () => (ran.push('retention'), { complete: false }), (r) => r.complete)
    await plan.pass('media', 0, async () => (ran.push('media'), 0), none)
    await plan.pass('surveys', 0, async () => (ran.push('surveys'), 3), none)
    await plan.save()
    // Work left undone, or work done: due again at the next run. Nothing found: the next hour.
    expect(await schedule()).toEqual({ retention: h.clock.now, media: sh('2026-11-25 11:00'), surveys: h.clock.now })

    const again = await planSweep(h.store, h.clock.now, false)
    await again.pass('retention', { complete: true }, async () => (ran.push('retention'), { complete: true }), (r) => r.complete)
    await again.pass('media', 0, async () => (ran.push('media'), 0), none)
    await again.pass('surveys', 0, async () => (ran.push('surveys'), 0), none)
    await again.save()
    expect(ran).toEqual(['retention', 'media', 'surveys', 'retention', 'surveys'])

    const dry = await planSweep(h.store, h.clock.now, true)
    await dry.pass('media', 0, async () => (ran.push('media'), 1), none)
    await dry.save()
    expect(ran).toEqual(['retention', 'media', 'surveys', 'retention', 'surveys', 'media'])
    expect(await schedule()).toEqual({ retention: sh('2026-11-26 00:00'), media: sh('2026-11-25 11:00'), surveys: sh('2026-11-25 11:00') })
  })

  it('two sweeps at once: the second to store its schedule leaves the first one’s', async () => {
    const a = await planSweep(h.store, h.clock.now, false)
    const b = await planSweep(h.store, h.clock.now, false)
    await a.pass('media', 0, async () => 0, (n) => n === 0)
    await b.pass('media', 0, async () => 0, (n) => n === 0)
    await a.save()
    await expect(b.save()).resolves.toBeUndefined()
    expect(await schedule()).toEqual({ media: sh('2026-11-25 11:00') })
  })
})
