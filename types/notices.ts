import { z } from 'zod'

/**
 * The messages the product sends (WeChat subscribe messages in the cloud, the message box locally): each
 * kind once, with everything else that names it. The case engine decides when a kind is sent, the outbox
 * delivers it, the functions find its template id in `env`, and the mini-program asks the person who
 * receives it (`audience`) to subscribe with the id baked in from `appEnv`.
 *
 * cloudbaserc.json (every function's envVariables) and .env.development / .env.production (one
 * `# <Audience>: <title>.` comment and `appEnv=` line per kind) are checked against this table by
 * test/functions/deploy-config.test.ts.
 */
export const NOTICE_KINDS = [
  'case.new',
  'case.accepted',
  'case.replied',
  'case.resolved',
  'case.warning',
  'case.escalated',
  'case.transfer',
  'case.claim_locked',
  'case.cluster',
] as const
export const NoticeKind = z.enum(NOTICE_KINDS)
export type NoticeKind = z.infer<typeof NoticeKind>

/** Who is asked to subscribe to a kind: the worker on their case, or the officers of a station. */
export type NoticeAudience = 'worker' | 'officer'

type Suffix<K extends NoticeKind> = K extends `case.${infer S}` ? `CASE_${Uppercase<S>}` : never

export interface NoticeSpec<K extends NoticeKind = NoticeKind> {
  /** The functions' environment variable holding the template id (cloudbaserc.json). */
  env: `HX_TPL_${Suffix<K>}`
  /** The same template id baked into the mini-program at build time (.env.*; only TARO_APP_* reach it). */
  appEnv: `TARO_APP_TPL_${Suffix<K>}`
  audience: NoticeAudience
  /** Short label: the local message box. */
  label: string
  /** What the template says (the subscribe prompt), as in the .env comments. */
  title: string
}

/**
 * In NOTICE_KINDS order; the mini-program asks for each audience's kinds in this order, and WeChat takes at
 * most three per request, so the first three officer kinds are the ones always asked for.
 */
export const NOTICES: { readonly [K in NoticeKind]: NoticeSpec<K> } = {
  'case.new': { env: 'HX_TPL_CASE_NEW', appEnv: 'TARO_APP_TPL_CASE_NEW', audience: 'officer', label: '新诉求', title: '新的诉求待受理' },
  'case.accepted': {
    env: 'HX_TPL_CASE_ACCEPTED',
    appEnv: 'TARO_APP_TPL_CASE_ACCEPTED',
    audience: 'worker',
    label: '已受理',
    title: '诉求已受理',
  },
  'case.replied': {
    env: 'HX_TPL_CASE_REPLIED',
    appEnv: 'TARO_APP_TPL_CASE_REPLIED',
    audience: 'worker',
    label: '有回复',
    title: '驿站回复了你的诉求',
  },
  'case.resolved': {
    env: 'HX_TPL_CASE_RESOLVED',
    appEnv: 'TARO_APP_TPL_CASE_RESOLVED',
    audience: 'worker',
    label: '已答复',
    title: '诉求已办结，请确认',
  },
  'case.warning': {
    env: 'HX_TPL_CASE_WARNING',
    appEnv: 'TARO_APP_TPL_CASE_WARNING',
    audience: 'officer',
    label: '时限预警',
    title: '诉求即将超期',
  },
  'case.escalated': {
    env: 'HX_TPL_CASE_ESCALATED',
    appEnv: 'TARO_APP_TPL_CASE_ESCALATED',
    audience: 'officer',
    label: '上报/督办',
    title: '诉求已上报 / 督办',
  },
  'case.transfer': {
    env: 'HX_TPL_CASE_TRANSFER',
    appEnv: 'TARO_APP_TPL_CASE_TRANSFER',
    audience: 'officer',
    label: '转办',
    title: '有诉求转来待接收',
  },
  'case.claim_locked': {
    env: 'HX_TPL_CASE_CLAIM_LOCKED',
    appEnv: 'TARO_APP_TPL_CASE_CLAIM_LOCKED',
    audience: 'officer',
    label: '认领码锁定',
    title: '认领码输错已锁定',
  },
  'case.cluster': {
    env: 'HX_TPL_CASE_CLUSTER',
    appEnv: 'TARO_APP_TPL_CASE_CLUSTER',
    audience: 'officer',
    label: '聚集预警',
    title: '同一单位多人反映（聚集预警）',
  },
}

/** The kinds an audience subscribes to, in NOTICE_KINDS order. */
export const noticeKindsFor = (audience: NoticeAudience): NoticeKind[] => NOTICE_KINDS.filter((k) => NOTICES[k].audience === audience)
