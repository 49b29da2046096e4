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
import { FIXED_DEADLINE_LABEL, POLICY_TRACK_LABEL } from '../../../types/contracts/settings'
import { Category, CLOCK_LABEL, FIXED_DEADLINES, TRACK_CLOCKS, type FixedDeadline, type TrackClock } from '../../../types/domain'
import { addWorkingMinutes, durationWords, formatDateTimeCn, WORKING_MINUTES_PER_DAY, type WorkdayCalendar } from './working-time'

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

/** The form's and the submitted page's promise for a case with these facts: "4 个工作小时内受理" (D33). */
export const acceptPromise = (policy: SlaPolicy, c: SlaCaseFacts): string => `${durationWords(clockMinutes(policy, c).accept)}内${CLOCK_LABEL.accept}`

export const POLICY_TRACKS: readonly PolicyTrack[] = [...Category.options, 'group']

/**
 * What a policy change changes, line by line, in the words of the admin pages ("工资报酬 受理：1 个工作日 → 4 个工作小时"),
 * with each track under the name it has now (`labels`: the categories' names, and the group track's).
 */
export const policyChanges = (before: SlaPolicy, after: SlaPolicy, labels: Readonly<Record<PolicyTrack, string>> = POLICY_TRACK_LABEL): string[] => {
  const out: string[] = []
  for (const t of POLICY_TRACKS)
    for (const c of TRACK_CLOCKS)
      if (before[t][c] !== after[t][c]) out.push(`${labels[t]} ${CLOCK_LABEL[c]}：${durationWords(before[t][c])} → ${durationWords(after[t][c])}`)
  for (const f of FIXED_DEADLINES)
    if (before.fixed[f] !== after.fixed[f]) out.push(`${FIXED_DEADLINE_LABEL[f]}：${durationWords(before.fixed[f])} → ${durationWords(after.fixed[f])}`)
  return out
}

/** What each fixed deadline means for something that happens now, in one sentence. */
const FIXED_SENTENCE: Record<FixedDeadline, (due: string) => string> = {
  supervision: (due) => `今天开始督办的诉求要在 ${due} 前办结`,
  transfer: (due) => `今天申请的转办，对方要在 ${due} 前答复`,
  autoClose: (due) => `今天答复的诉求，职工 ${due} 前不确认将自动结案`,
}

/**
 * A policy as it would apply to a case filed now (and to 督办, transfers and answers given now): each deadline
 * in working time and as a date, so an admin sees what a change means before saving it (D33 words).
 */
export const previewPolicy = (cal: WorkdayCalendar, now: number, policy: SlaPolicy, labels: Readonly<Record<PolicyTrack, string>> = POLICY_TRACK_LABEL) => ({
  tracks: POLICY_TRACKS.map((track) => ({
    track,
    label: labels[track],
    clocks: TRACK_CLOCKS.map((clock) => ({
      clock,
      minutes: policy[track][clock],
      words: durationWords(policy[track][clock]),
      sentence: `今天提交的诉求将在 ${formatDateTimeCn(addWorkingMinutes(cal, now, policy[track][clock]))} 前${CLOCK_LABEL[clock]}`,
    })),
  })),
  fixed: FIXED_DEADLINES.map((key) => ({
    key,
    label: FIXED_DEADLINE_LABEL[key],
    minutes: policy.fixed[key],
    words: durationWords(policy.fixed[key]),
    sentence: FIXED_SENTENCE[key](formatDateTimeCn(addWorkingMinutes(cal, now, policy.fixed[key]))),
  })),
})
