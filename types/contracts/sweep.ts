import { z } from 'zod'
import { defineContract } from '../contract'

/** The timer's run: watch deadlines (warn, escalate, supervise, auto-close), then deliver the outbox. */
export const runSweep = defineContract({
  fn: 'sweep',
  op: 'sweep.run',
  audience: 'system',
  input: z.strictObject({
    dryRun: z.boolean().default(false),
    /** Stop taking new cases after this long; the next run picks up the rest (D15). */
    budgetMs: z.number().int().min(100).max(50_000).default(5_000),
  }),
  output: z.object({
    dryRun: z.boolean(),
    /** Cases moved off enterprise stations by the one-time privacy migration (0 once it has run). */
    relocated: z.number(),
    /** Cases examined, commands applied, cases someone else changed meanwhile, and whether all due ones were seen. */
    cases: z.object({ examined: z.number(), applied: z.number(), conflicts: z.number(), complete: z.boolean() }),
    /** Dry run: what would be done, per case (up to 100). */
    planned: z.array(z.object({ caseNo: z.string(), commands: z.array(z.string()) })),
    /** Ledger facts this run added to their rollups (ADR 0051), and whether none was left waiting. */
    ledger: z.object({ rolledUp: z.number(), complete: z.boolean() }),
    delivered: z.number(),
    failed: z.number(),
    pending: z.number(),
    /**
     * Content checks that had failed, tried again (ADR 0032): due, checked now, failed again (to be tried later),
     * given up (未能检查), and whether every due one was tried (dry run: due only).
     */
    contentChecks: z.object({ due: z.number(), done: z.number(), failed: z.number(), givenUp: z.number(), complete: z.boolean() }),
    /** Officers' words to the worker checked by this run (ADR 0039): due, checked, and whether every due one was (dry run: due only). */
    officerWords: z.object({ due: z.number(), checked: z.number(), complete: z.boolean() }),
    /** Photos and voice notes no case was filed with after a day, and uploads that stopped halfway, removed. */
    abandoned: z.object({ media: z.number(), uploads: z.number() }),
    /** Survey campaigns past their end date closed by this run (dry run: how many would be). */
    surveysClosed: z.number(),
    /** 星级驿站: the quarter that ended last, stations rated by this run, and whether every station is. */
    ratings: z.object({ quarter: z.string(), rated: z.number(), complete: z.boolean() }),
    /** Last week's reports (ADR 0028): the week, areas built by this run, and whether every area has its report. */
    reports: z.object({ week: z.string(), built: z.number(), complete: z.boolean() }),
    /** 欠薪黑名单 listings past their last day taken off the list by this run (dry run: how many would be). */
    blacklistExpired: z.number(),
    /**
     * Finished cases past retention whose identity this run erased, with their photos and voice notes (ADR 0020;
     * once a day, and on later runs while unfinished; dry run: what would be), and 我的数据 exports removed after a day.
     */
    retention: z.object({ ran: z.boolean(), cases: z.number(), media: z.number(), complete: z.boolean(), exports: z.number() }),
  }),
})

/** The operations of this file by name (handlers/sweep.handlers.ts has one handler for each). */
export const SWEEP_CONTRACTS = { runSweep } as const
