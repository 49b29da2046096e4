import { z } from 'zod'

/** Values shared by the mini-program and the functions. Labels are what people read. */

export const StationKind = z.enum(['city', 'county', 'township', 'park', 'enterprise'])
export type StationKind = z.infer<typeof StationKind>
export const STATION_KIND_LABEL: Record<StationKind, string> = {
  city: '市级驿站',
  county: '县区驿站',
  township: '乡镇(街道)驿站',
  park: '园区驿站',
  enterprise: '企业驿站',
}

export const Role = z.enum(['head', 'liaison', 'member'])
export type Role = z.infer<typeof Role>
export const ROLE_LABEL: Record<Role, string> = { head: '负责人', liaison: '联络员', member: '工作人员' }

export const Side = z.enum(['government', 'union', 'employer', 'worker_rep', 'third_party'])
export type Side = z.infer<typeof Side>
export const SIDE_LABEL: Record<Side, string> = {
  government: '政府方',
  union: '工会方',
  employer: '企业方',
  worker_rep: '职工代表',
  third_party: '第三方',
}

export const Privacy = z.enum(['open', 'confidential', 'anonymous'])
export type Privacy = z.infer<typeof Privacy>
export const PRIVACY_LABEL: Record<Privacy, string> = {
  open: '公开给驿站',
  confidential: '对单位保密',
  anonymous: '匿名',
}

/**
 * How a case came in: the worker filed it in the app from the station's QR poster or a station they chose, or
 * an officer filed it for a worker who came to the station (到站) or telephoned (电话): 代为登记.
 */
export const CaseChannel = z.enum(['qr', 'chosen', 'walk_in', 'phone'])
export type CaseChannel = z.infer<typeof CaseChannel>
/** The channels of 代为登记 (assisted intake). */
export const ASSISTED_CHANNELS = ['walk_in', 'phone'] as const satisfies readonly CaseChannel[]
export type AssistedChannel = (typeof ASSISTED_CHANNELS)[number]
/** How the worker reached the officer who filed for them. */
export const ASSISTED_CHANNEL_LABEL: Record<AssistedChannel, string> = { walk_in: '到站', phone: '电话' }
export const CHANNEL_LABEL: Record<CaseChannel, string> = {
  qr: '扫码反映',
  chosen: '自己选的驿站',
  walk_in: `代为登记（${ASSISTED_CHANNEL_LABEL.walk_in}）`,
  phone: `代为登记（${ASSISTED_CHANNEL_LABEL.phone}）`,
}
export const isAssistedChannel = (c: CaseChannel): c is AssistedChannel => (ASSISTED_CHANNELS as readonly string[]).includes(c)

export const CaseState = z.enum([
  'submitted',
  'accepted',
  'in_progress',
  'on_hold',
  'resolved',
  'closed',
  'closed_unconfirmed',
  'withdrawn',
  'referred',
])
export type CaseState = z.infer<typeof CaseState>
export const CASE_STATE_LABEL: Record<CaseState, string> = {
  submitted: '已提交',
  accepted: '已受理',
  in_progress: '办理中',
  on_hold: '暂停',
  resolved: '已答复待确认',
  closed: '已结案',
  closed_unconfirmed: '已结案(未确认)',
  withdrawn: '已撤回',
  referred: '已转外部机构',
}
export const TERMINAL_STATES: readonly CaseState[] = ['closed', 'closed_unconfirmed', 'withdrawn', 'referred']

export const Category = z.enum([
  'contract',
  'pay',
  'wage_arrears',
  'social_insurance',
  'hours_leave',
  'safety_health',
  'union_democracy',
  'dismissal',
  'policy_question',
  'other',
])
export type Category = z.infer<typeof Category>
export const CATEGORY_INFO: Record<Category, { label: string; hint: string }> = {
  contract: { label: '劳动合同', hint: '没签合同、合同内容不合理、不给合同文本' },
  pay: { label: '工资报酬', hint: '工资算错、加班费、最低工资' },
  wage_arrears: { label: '农民工欠薪', hint: '工程项目拖欠工资、包工头不给钱' },
  social_insurance: { label: '社会保险', hint: '不交社保、少交、断缴' },
  hours_leave: { label: '工时休假', hint: '加班太多、不让休年假、产假' },
  safety_health: { label: '劳动安全卫生', hint: '没有防护、工伤、职业病' },
  union_democracy: { label: '工会建设及民主管理', hint: '没有工会、职代会、厂务公开' },
  dismissal: { label: '解除终止劳动关系', hint: '被辞退、经济补偿、离职手续' },
  policy_question: { label: '政策咨询', hint: '想问问政策怎么规定' },
  other: { label: '其他', hint: '以上都不是' },
}

export const Hotline = z.object({ number: z.string(), name: z.string() })
export type Hotline = z.infer<typeof Hotline>

/** Outside bodies a case can be referred to (转外部机构). */
export const ReferralBody = z.enum(['arbitration', 'inspection', 'legal_aid', 'court', 'other'])
export type ReferralBody = z.infer<typeof ReferralBody>
export const REFERRAL_BODY_LABEL: Record<ReferralBody, string> = {
  arbitration: '劳动人事争议仲裁委员会',
  inspection: '劳动保障监察',
  legal_aid: '法律援助中心',
  court: '人民法院',
  other: '其他部门',
}

/**
 * Every clock a case has, by one set of names (D12–D14). `accept`, `firstReply` and `resolve` take their length
 * from the case's track in the deadline policy; `transfer` (the target's time to answer) and `autoClose` (the
 * worker's time to confirm) have one length each, as does the 督办 window (`supervision`) that restarts
 * `resolve` after a miss.
 */
/**
 * Why routing gave a new case to its owner (D8, `domain/routing.ts`): it stayed where it was filed, a
 * registered project's station, a group case to the county, an enterprise station skipped (the case is not
 * `open`, D8a), a suspended station skipped.
 */
export const RouteReason = z.enum(['scanned', 'project', 'group_to_county', 'confidential_skips_enterprise', 'anonymous_skips_enterprise', 'suspended_skipped'])
export type RouteReason = z.infer<typeof RouteReason>

export const CLOCK_NAMES = ['accept', 'firstReply', 'resolve', 'transfer', 'autoClose'] as const
export type ClockName = (typeof CLOCK_NAMES)[number]
export const TRACK_CLOCKS = ['accept', 'firstReply', 'resolve'] as const satisfies readonly ClockName[]
export type TrackClock = (typeof TRACK_CLOCKS)[number]
export const FIXED_DEADLINES = ['supervision', 'transfer', 'autoClose'] as const
export type FixedDeadline = (typeof FIXED_DEADLINES)[number]
/** What each deadline is for, in the words people read (D33). */
export const CLOCK_LABEL: Record<ClockName | FixedDeadline, string> = {
  accept: '受理',
  firstReply: '首次答复',
  resolve: '办结',
  transfer: '转办接收',
  autoClose: '确认',
  supervision: '督办办结',
}

/**
 * The one deadline each state shows (D33): accept while waiting to be accepted, resolve while handled, the
 * worker's confirmation while resolved; none while paused (the clocks stand still) or once closed.
 */
export const DEADLINE_CLOCK: Record<CaseState, ClockName | null> = {
  submitted: 'accept',
  accepted: 'resolve',
  in_progress: 'resolve',
  on_hold: null,
  resolved: 'autoClose',
  closed: null,
  closed_unconfirmed: null,
  withdrawn: null,
  referred: null,
}
