import type { RateBucket } from '../rate-limits'
import { z } from 'zod'
import type { CaseAccess } from '../authz'
import { defineContract } from '../contract'
import { CaseState, ReferralBody } from '../domain'
import { MEDIA_LIMITS } from './media'
import { Id } from '../values'

/** Every action names the case and the version the person saw (D25): a stale one is CASE_CONFLICT. */
const Target = { id: Id, version: z.number().int().min(1) }
const Text = (what: string, max = 1000) =>
  z.string().trim().min(2, `请写明${what}`).max(max, `${what}最多 ${max} 个字`)

export const ActionResult = z.object({ id: Id, version: z.number(), state: CaseState, stateLabel: z.string() })

const officerAction = <Op extends string, S extends z.ZodRawShape>(op: Op, caseAccess: CaseAccess, shape: S) =>
  defineContract({ fn: 'officer', op, audience: 'officer', caseAccess, caseWrite: true, input: z.strictObject({ ...Target, ...shape }), output: ActionResult })

const workerAction = <Op extends string, S extends z.ZodRawShape>(op: Op, shape: S, rateLimit?: RateBucket) =>
  defineContract({ fn: 'worker', op, audience: 'user', workerCase: true, caseWrite: true, input: z.strictObject({ ...Target, ...shape }), output: ActionResult, ...(rateLimit ? { rateLimit } : {}) })

/**
 * A message in the case's conversation (ADR 0018): words, photos and a voice note (uploaded first with
 * `media.upload`, named here by media id), or any of them alone. Limited by the `message` bucket.
 */
const MESSAGE_MAX = 1000
const messageInput = (what: string) =>
  z
    .strictObject({
      ...Target,
      text: z.string().trim().max(MESSAGE_MAX, `${what}最多 ${MESSAGE_MAX} 个字`).default(''),
      media: z
        .array(Id)
        .max(MEDIA_LIMITS.photos + MEDIA_LIMITS.voices, `最多 ${MEDIA_LIMITS.photos} 张照片和 ${MEDIA_LIMITS.voices} 段录音`)
        .default([]),
    })
    .refine((v) => v.media.length > 0 || v.text.length >= 2, { path: ['text'], message: `请写明${what}，或者附上照片、录音` })

const officerMessage = <Op extends string>(op: Op, caseAccess: CaseAccess, what: string) =>
  defineContract({ fn: 'officer', op, audience: 'officer', caseAccess, caseWrite: true, rateLimit: 'message', input: messageInput(what), output: ActionResult })

export const acceptCase = officerAction('case.accept', 'accept', {})
export const startCase = officerAction('case.start', 'reply', {})
export const replyCase = officerMessage('case.reply', 'reply', '回复内容')
export const noteCase = officerMessage('case.note', 'note', '备注内容')
export const holdCase = officerAction('case.hold', 'hold', { reason: Text('暂停原因', 200) })
export const resumeCase = officerAction('case.resume', 'resume', {})
export const transferCase = officerAction('case.transfer', 'transfer', { toStationId: Id, reason: Text('转办理由', 200) })
export const answerTransfer = defineContract({
  fn: 'officer',
  op: 'case.answerTransfer',
  audience: 'officer',
  caseAccess: 'answer_transfer',
  caseWrite: true,
  input: z
    .strictObject({ ...Target, accept: z.boolean(), reason: z.string().trim().max(200).optional() })
    .refine((v) => v.accept || (v.reason?.length ?? 0) >= 2, { path: ['reason'], message: '不接收时请写明理由' }),
  output: ActionResult,
})
export const escalateCase = officerAction('case.escalate', 'escalate', { reason: Text('上报理由', 200) })
export const referCase = officerAction('case.refer', 'refer', {
  to: ReferralBody,
  where: z.string().trim().max(50, '机构名称最多 50 个字').default(''),
  reason: Text('转交说明', 500),
})
/**
 * 办结: the result in words, one standard conclusion from the list (`conclusion.list`), a note when the
 * conclusion asks for one, and for wage arrears the money recovered and the workers paid (the engine says
 * which the case's category needs).
 */
export const resolveCase = officerAction('case.resolve', 'resolve', {
  text: Text('办理结果', 2000),
  conclusion: z.string({ error: '请选择办结结论' }).regex(/^[A-Za-z0-9_-]{1,32}$/, '请选择办结结论'),
  conclusionNote: z.string().trim().max(200, '结论说明最多 200 个字').optional(),
  amountRecovered: z.number({ error: '追回金额请填数字（元）' }).min(0, '追回金额不能是负数').max(100_000_000, '金额太大了，请核对').optional(),
  workersPaid: z.number({ error: '拿到工资的人数请填整数' }).int('拿到工资的人数请填整数').min(0, '拿到工资的人数不能是负数').max(100_000, '人数太多了，请核对').optional(),
})
export const flagGroupCase = officerAction('case.flagGroup', 'flag_group', { reason: Text('标记理由', 200) })
/** 督办 (ADR 0029): what the station above expects of the owner, in words; the owner's officers are told. */
export const superviseCase = officerAction('case.supervise', 'supervise', { text: Text('督办意见', 500) })

export const withdrawCase = workerAction('case.withdraw', { reason: z.string().trim().max(200).optional() })
export const addCaseInfo = defineContract({ fn: 'worker', op: 'case.addInfo', audience: 'user', workerCase: true, caseWrite: true, rateLimit: 'message', input: messageInput('补充内容'), output: ActionResult })
export const confirmCase = workerAction('case.confirm', {
  rating: z.number().int().min(1, '请给 1 到 5 颗星').max(5, '请给 1 到 5 颗星'),
  comment: z.string().trim().max(200).optional(),
})
export const reopenCase = workerAction('case.reopen', { reason: Text('没有解决的地方', 500) })

/**
 * The operations of this file by name, officers' first, in the order pages list them (`actions` on a case
 * detail). handlers/case-actions.handlers.ts has one handler for each.
 */
export const CASE_ACTION_CONTRACTS = {
  acceptCase,
  startCase,
  replyCase,
  noteCase,
  holdCase,
  resumeCase,
  transferCase,
  answerTransfer,
  escalateCase,
  referCase,
  resolveCase,
  flagGroupCase,
  superviseCase,
  withdrawCase,
  addCaseInfo,
  confirmCase,
  reopenCase,
} as const
