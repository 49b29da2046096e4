/**
 * Deadline (SLA) policy: how many working minutes each clock of a case gets, per category and clock —
 * data an admin may change (DOMAIN §3: categories are configurable, each with its deadlines).
 *
 * Tracks: a case is on the track of its category, and additionally on the group track when it is a group
 * case (群体性: workersAffected >= GROUP_THRESHOLD, or flagged by an officer). When both apply, the
 * stricter (smaller) minutes win, clock by clock. The defaults give every category the general deadlines
 * of the policy document except wage arrears and policy questions, which have their own.
 *
 * Pure module; durations are working minutes (see working-time.ts, 450 per working day).
 */
import { Category, type FixedDeadline, type TrackClock } from '../../../types/domain'
import { addWorkingMinutes, WORKING_MINUTES_PER_DAY, type WorkdayCalendar } from './working-time'

export type PolicyTrack = Category | 'group'
/**
 * Working minutes of every deadline: per track and clock, and the deadlines that are the same for every
 * case (`fixed`: the 督办 window after a missed resolve, a transfer target's time to answer, the worker's
 * time to confirm a resolution).
 */
export type SlaPolicy = Record<PolicyTrack, Record<TrackClock, number>> & { fixed: Record<FixedDeadline, number> }

/** The facts about a case that choose its clocks. */
export interface SlaCaseFacts {
  category: Category
  workersAffected: number
  groupFlag?: boolean
}

const HOUR = 60
const DAY = WORKING_MINUTES_PER_DAY

/** The policy document's general deadlines, for every category without its own. */
export const GENERAL_CLOCKS: Readonly<Record<TrackClock, number>> = Object.freeze({ accept: 1 * DAY, firstReply: 2 * DAY, resolve: 15 * DAY })

/** 督办 gives 3 working days (D14); a transfer target answers within 1 (D10); a worker confirms within 7 (DOMAIN §3). */
export const DEFAULT_FIXED_DEADLINES: Readonly<Record<FixedDeadline, number>> = Object.freeze({ supervision: 3 * DAY, transfer: 1 * DAY, autoClose: 7 * DAY })

/** Frozen: copy it to make a variant. */
export const DEFAULT_SLA_POLICY: SlaPolicy = Object.freeze({
  ...(Object.fromEntries(Category.options.map((c) => [c, GENERAL_CLOCKS])) as Record<Category, Record<TrackClock, number>>),
  wage_arrears: Object.freeze({ accept: 4 * HOUR, firstReply: 1 * DAY, resolve: 10 * DAY }),
  policy_question: Object.freeze({ accept: 1 * DAY, firstReply: 2 * DAY, resolve: 3 * DAY }),
  group: Object.freeze({ accept: 2 * HOUR, firstReply: 4 * HOUR, resolve: 5 * DAY }),
  fixed: DEFAULT_FIXED_DEADLINES,
})

/** A case affecting at least this many workers is a group case (群体性). */
export const GROUP_THRESHOLD = 10

const baseTrack = (category: Category): PolicyTrack => category

/** 群体性: at least GROUP_THRESHOLD workers affected, or flagged by an officer. The one definition. */
export const isGroupCase = (c: Pick<SlaCaseFacts, 'workersAffected' | 'groupFlag'>): boolean => c.groupFlag === true || c.workersAffected >= GROUP_THRESHOLD

/** The tracks that apply to a case: its category, plus 'group' for a group case. */
export const tracksFor = (c: SlaCaseFacts): PolicyTrack[] => (isGroupCase(c) ? [baseTrack(c.category), 'group'] : [baseTrack(c.category)])

/** Working minutes per clock for a case; where two tracks apply, the smaller minutes win per clock. */
export const clockMinutes = (policy: SlaPolicy, c: SlaCaseFacts): Record<TrackClock, number> => {
  const tracks = tracksFor(c)
  const pick = (clock: TrackClock): number => Math.min(...tracks.map((t) => policy[t][clock]))
  return { accept: pick('accept'), firstReply: pick('firstReply'), resolve: pick('resolve') }
}

/**
 * Due instants (epoch ms) of every clock, each counted from the same start (the case's trigger, e.g.
 * when it was filed). A start outside working time counts from the next working minute.
 */
export const dueTimes = (cal: WorkdayCalendar, policy: SlaPolicy, c: SlaCaseFacts, startMs: number): Record<TrackClock, number> => {
  const m = clockMinutes(policy, c)
  return {
    accept: addWorkingMinutes(cal, startMs, m.accept),
    firstReply: addWorkingMinutes(cal, startMs, m.firstReply),
    resolve: addWorkingMinutes(cal, startMs, m.resolve),
  }
}
