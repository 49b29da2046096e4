import Taro from '@tarojs/taro'
import { noticeKindsFor, type NoticeAudience, type NoticeKind } from '../../types/notices'

/**
 * WeChat subscribe messages (weapp only; H5 has none). WeChat sends a message only after the person
 * has agreed, per template and once per agreement (D16), and the request must come from a tap: call
 * `askWorkerUpdates` / `askOfficerAlerts` straight from an onClick, with nothing awaited before.
 * Template ids are baked in at build time from `.env.*` (TARO_APP_TPL_*); none configured = nothing to ask,
 * and pages show nothing (D31).
 */

export type SubscribeOutcome = 'accepted' | 'refused' | 'unavailable'

/** WeChat accepts at most three template ids per request. */
export const MAX_TEMPLATES_PER_REQUEST = 3

// Each `process.env.TARO_APP_…` is written out in full: the build replaces exactly these expressions. The
// variable of each kind is NOTICES[kind].appEnv (types/notices.ts; test/weapp/subscribe.test.ts checks this).
const TEMPLATE_IDS: { readonly [K in NoticeKind]: string | undefined } = {
  'case.new': process.env.TARO_APP_TPL_CASE_NEW,
  'case.accepted': process.env.TARO_APP_TPL_CASE_ACCEPTED,
  'case.replied': process.env.TARO_APP_TPL_CASE_REPLIED,
  'case.resolved': process.env.TARO_APP_TPL_CASE_RESOLVED,
  'case.warning': process.env.TARO_APP_TPL_CASE_WARNING,
  'case.escalated': process.env.TARO_APP_TPL_CASE_ESCALATED,
  'case.transfer': process.env.TARO_APP_TPL_CASE_TRANSFER,
  'case.claim_locked': process.env.TARO_APP_TPL_CASE_CLAIM_LOCKED,
  'case.cluster': process.env.TARO_APP_TPL_CASE_CLUSTER,
}
const templatesOf = (audience: NoticeAudience) => noticeKindsFor(audience).map((kind) => TEMPLATE_IDS[kind])

/**
 * The template ids to ask for, in the order given: blanks and repeats dropped, the first `max` kept
 * (WeChat's limit per request). Pure, for tests.
 */
export function configuredTemplateIds(values: ReadonlyArray<string | undefined | null>, max = MAX_TEMPLATES_PER_REQUEST): string[] {
  const out: string[] = []
  for (const v of values) {
    const id = typeof v === 'string' ? v.trim() : ''
    if (id && !out.includes(id)) out.push(id)
    if (out.length >= max) break
  }
  return out
}

/**
 * What one answer of wx.requestSubscribeMessage means: accepted when at least one of the asked templates
 * came back 'accept'. 'reject', 'ban' and 'filter' (and anything unknown) count as refused. Pure, for tests.
 */
export function outcomeOf(result: unknown, ids: readonly string[]): Exclude<SubscribeOutcome, 'unavailable'> {
  const r = (result ?? {}) as Record<string, unknown>
  return ids.some((id) => r[id] === 'accept') ? 'accepted' : 'refused'
}

const workerIds = configuredTemplateIds(templatesOf('worker'))
const officerIds = configuredTemplateIds(templatesOf('officer'))
const weapp = process.env.TARO_ENV === 'weapp'

/** Whether there is anything to ask a worker for (weapp, ids configured): show the button only then. */
export const workerUpdatesAvailable = (): boolean => weapp && workerIds.length > 0
/** Whether there is anything to ask an officer for (weapp, ids configured): show the bar only then. */
export const officerAlertsAvailable = (): boolean => weapp && officerIds.length > 0

/** Never throws: a failed or cancelled request is 'refused'; nothing to ask is 'unavailable'. */
function ask(ids: string[]): Promise<SubscribeOutcome> {
  if (!weapp || !ids.length) return Promise.resolve('unavailable')
  try {
    // Called synchronously, so the request still counts as coming from the person's tap. (The cast: Taro's
    // typing also demands Alipay's `entityIds`, which WeChat does not take.)
    return Taro.requestSubscribeMessage({ tmplIds: ids } as Taro.requestSubscribeMessage.Option).then(
      (res) => outcomeOf(res, ids),
      () => 'refused' as const,
    )
  } catch {
    return Promise.resolve('refused')
  }
}

/** Asks a worker for 受理 / 答复 / 办结 messages on their case. Call from a tap. */
export const askWorkerUpdates = (): Promise<SubscribeOutcome> => ask(workerIds)

/**
 * Asks an officer for 新诉求 / 即将超期 / 上报 / 转办 messages: the first three configured (WeChat's limit).
 * Each agreement covers one message, so the inbox asks again on every visit (D16). Call from a tap.
 */
export const askOfficerAlerts = (): Promise<SubscribeOutcome> => ask(officerIds)
