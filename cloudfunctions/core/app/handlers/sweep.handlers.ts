import { SWEEP_CONTRACTS, runSweep } from '../../../../types/contracts/sweep'
import { AppError } from '../../../../types/errors'
import { dueCommands, type Command } from '../../domain/case-engine'
import type { Ports } from '../../ports'
import { COLLECTIONS } from '../../ports/collections'
import { applyDueStepsMany, DUE_BATCH, newRunMemo } from '../case-actions'
import { fillInboxFields, scopeInboxCountersOnce } from '../case-write'
import { checkOfficerWords, retryFailedChecks, showSettledChecksOnce } from '../content-safety'
import { backfillEmployerKeysOnce } from '../clusters'
import { defineHandler, type HandlersOf } from '../handler'
import { rollUpLedger } from '../ledger'
import { removeAbandonedMedia } from '../media'
import { deliverDue } from '../outbox'
import { migratePrivacyOnce } from '../privacy-migration'
import { moveIntoHostsOnce } from '../once'
import { provisionContent, provisionNetwork } from '../provision'
import { forgetEndedWindows } from '../rate-limit'
import { closeEndedSurveys } from '../surveys'
import { rateEndedQuarter } from '../ratings'
import { buildWeeklyReports } from '../reports'
import { expireBlacklist } from '../blacklist'
import { removeOldExports, retentionPass } from '../retention'
import { planSweep } from '../sweep-schedule'
import type { CaseDoc, OutboxDoc } from '../records'

const CASE_PAGE = 100
const OUTBOX_BATCH = 100
/** A case never needs more than a few steps at once (e.g. transfer bounce, then a warning). */
const MAX_STEPS_PER_CASE = 6

const describe = (cmd: Command) => ('clock' in cmd ? `${cmd.type}:${cmd.clock}` : cmd.type)

/**
 * Deadlines: reads only cases whose indexed `nextDueAt` has come, in order, page by page, until the time
 * budget is spent. A case's steps due now are written together (D15, ADR 0037), and up to `DUE_BATCH` due cases
 * in one transaction (ADR 0046): a second sweep running at the same time finds each case moved and leaves it
 * (a conflict), so nothing happens twice; a crash halfway leaves every case either before or after its steps.
 */
const watchDeadlines = async (ports: Ports, now: number, dryRun: boolean, budgetMs: number) => {
  const started = performance.now()
  const out = { examined: 0, applied: 0, conflicts: 0, complete: true }
  const planned: Array<{ caseNo: string; commands: string[] }> = []
  // Policy, stations and members are read once for the run, not once per due case (ADR 0025).
  const memo = newRunMemo()
  let after: string | undefined
  do {
    const page = await ports.store.find<CaseDoc>(COLLECTIONS.cases, {
      where: { nextDueAt: { $lte: now } },
      orderBy: { field: 'nextDueAt', dir: 'asc' },
      limit: CASE_PAGE,
      after,
    })
    let batch: CaseDoc[] = []
    const write = async () => {
      // Up to DUE_BATCH due cases in one transaction (ADR 0046), each with every step due now (ADR 0037). Notices
      // wait for this run's outbox pass below, which keeps the deadline pass within its budget.
      for (const r of await applyDueStepsMany(ports, batch, (m) => dueCommands(m, now)[0], MAX_STEPS_PER_CASE, { actor: 'system' }, { memo })) {
        if (r === 'conflict') out.conflicts += 1
        else out.applied += r
      }
      batch = []
    }
    for (const c of page.items) {
      // The budget is checked before each case, not only after a page: a slow page cannot run past it.
      if (out.examined > 0 && performance.now() - started > budgetMs) {
        if (batch.length) await write()
        out.complete = false
        return { cases: out, planned }
      }
      out.examined += 1
      if (dryRun) {
        const commands = dueCommands(c, now).map(describe)
        if (planned.length < 100 && commands.length) planned.push({ caseNo: c.caseNo, commands })
        continue
      }
      batch.push(c)
      if (batch.length >= DUE_BATCH) await write()
    }
    if (batch.length) await write()
    after = page.next
    if (after && performance.now() - started > budgetMs) {
      out.complete = false
      break
    }
  } while (after)
  return { cases: out, planned }
}

/** Delivers due outbox rows (D16), oldest first. */
const deliverOutbox = async (ports: Ports, now: number, dryRun: boolean) => {
  const due = await ports.store.find<OutboxDoc>(COLLECTIONS.outbox, {
    where: { status: 'pending', nextAttemptAt: { $lte: now } },
    orderBy: { field: 'nextAttemptAt', dir: 'asc' },
    limit: OUTBOX_BATCH,
  })
  // Claimed together and marked sent together (ADR 0037): the same writes whatever the number of rows.
  const { delivered, failed } = dryRun ? { delivered: 0, failed: 0 } : await deliverDue(ports, due.items, now)
  const pending = await ports.store.count(COLLECTIONS.outbox, { status: 'pending' })
  return { delivered, failed, pending }
}

/** A pass that answers how many things it did found nothing to do when it did none. */
const none = (n: number) => n === 0

/** The timer's run. dryRun reports what is due and changes nothing. */
const runSweepHandler = defineHandler(runSweep, async ({ dryRun, budgetMs }, { ports }) => {
  const now = ports.clock.now()
  const started = performance.now()
  const left = () => Math.max(0, budgetMs - (performance.now() - started))
  // Deadlines, the outbox and content checks every run; the other passes on their own periods (ADR 0044).
  const plan = await planSweep(ports.store, now, dryRun)
  // ADR 0050: timeline events, ledger facts, outbox rows and idempotency records stored before CloudBase kept them
  // in one collection move into it, once, before anything of this run reads them.
  if (!dryRun) await plan.pass('hosts', 0, () => moveIntoHostsOnce(ports, left()), none)
  const setup = await plan.pass('setup', { relocated: 0 }, async () => {
    if (dryRun) return { relocated: 0 }
    // A new cloud environment: the first run sets up the city and its nine counties (never the 示例 stations),
    // and the first city admin when one is configured.
    if ((await ports.store.count(COLLECTIONS.stations, { kind: 'city' })) === 0) {
      await provisionNetwork(ports.store, now, { firstAdminOpenid: ports.settings?.firstAdminOpenid })
    }
    // The policy notices every environment starts with, once.
    await provisionContent(ports.store, now)
    // Cases from before the visibility rule (D8a) move off enterprise stations, once per environment.
    const relocated = await migratePrivacyOnce(ports)
    // Enterprise stations and projects from before the case form's employer suggestions get their keys, once (ADR 0011).
    await backfillEmployerKeysOnce(ports)
    // Content-security verdicts recorded before verdict events show on the officers' case pages, once (ADR 0042).
    await showSettledChecksOnce(ports)
    return { relocated }
  }, (r) => r.relocated === 0)
  // Inbox counters stored before ADR 0045: station documents get their county, the 全辖区 documents go, once.
  if (!dryRun) await plan.pass('inboxCounters', 0, () => scopeInboxCountersOnce(ports), none)
  const deadlines = await watchDeadlines(ports, now, dryRun, budgetMs)
  // The ledger's facts waiting, the deadline steps' just written among them, added to their rollups (ADR 0051):
  // every run, before the passes that read rollups (ratings, reports), which would otherwise do it themselves.
  const ledger = dryRun ? { rolledUp: 0, complete: true } : await rollUpLedger(ports, left())
  // Cases stored before the inbox's fields and counters get them (ADR 0009), with what is left of the budget.
  if (!dryRun) await plan.pass('inboxFields', 0, () => fillInboxFields(ports, left()), none)
  const outbox = await deliverOutbox(ports, now, dryRun)
  // Content checks that failed, tried again with what is left of the budget (ADR 0032).
  const contentChecks = await retryFailedChecks(ports, now, left(), dryRun)
  // Officers' words to the worker, checked after their command (ADR 0039).
  const officerWords = await checkOfficerWords(ports, now, left(), dryRun)
  const abandoned = await plan.pass('media', { media: 0, uploads: 0 }, () => removeAbandonedMedia(ports, now, dryRun), (r) => r.media === 0 && r.uploads === 0)
  // Rate-limit counts of ended windows are of no more use.
  if (!dryRun) await plan.pass('windows', 0, () => forgetEndedWindows(ports, now), none)
  const surveysClosed = await plan.pass('surveys', 0, () => closeEndedSurveys(ports, now, dryRun), none)
  // 欠薪黑名单: a listing leaves the list after its last day, logged (ADR 0023).
  const blacklistExpired = await plan.pass('blacklist', 0, () => expireBlacklist(ports, now, dryRun), none)
  // Identity of finished cases past retention (ADR 0020), with what is left of the budget, then old exports.
  const erased = await plan.pass('retention', { ran: false, cases: 0, media: 0, complete: true }, () => unlessRacing(ports, 'retention', () => retentionPass(ports, now, dryRun, left()), { ran: false, cases: 0, media: 0, complete: false }), (r) => r.complete && r.cases === 0 && r.media === 0)
  const exports = await plan.pass('exports', 0, () => removeOldExports(ports, now, dryRun), none)
  // Once a quarter has ended, its star ratings, a page at a time with what is left of the budget (ADR 0022).
  const ratings = await plan.pass('ratings', { quarter: '', rated: 0, complete: true }, () => unlessRacing(ports, 'ratings', () => rateEndedQuarter(ports, now, left(), dryRun), { quarter: '', rated: 0, complete: false }), (r) => r.complete && r.rated === 0)
  // Every Monday after 08:00, last week's reports of the city and each county, with their internal notices (ADR 0028).
  const reports = await plan.pass('reports', { week: '', built: 0, complete: true }, () => unlessRacing(ports, 'reports', () => buildWeeklyReports(ports, now, left(), dryRun), { week: '', built: 0, complete: false }), (r) => r.complete && r.built === 0)
  await plan.save()
  return { dryRun, relocated: setup.relocated, ...deadlines, ledger, ...outbox, contentChecks, officerWords, abandoned, surveysClosed, blacklistExpired, retention: { ...erased, exports }, ratings, reports }
})

/**
 * A pass that keeps where it stands in one record (retention's day, a quarter's ratings): when two sweeps run at
 * once, the one that writes second meets STORE_CONFLICT. The other has done or is doing the same work, and the
 * next run goes on from the record: this run answers with nothing done by it rather than failing the sweep.
 */
const unlessRacing = async <T>(ports: Ports, pass: string, run: () => Promise<T>, nothing: T): Promise<T> => {
  try {
    return await run()
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
    ports.log?.({ level: 'warn', event: `sweep.race.${pass}`, code: 'STORE_CONFLICT' })
    return nothing
  }
}

export const SWEEP_HANDLERS: HandlersOf<typeof SWEEP_CONTRACTS> = { runSweep: runSweepHandler }
