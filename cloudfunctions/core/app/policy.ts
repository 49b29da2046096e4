import { z } from 'zod'
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../domain/sla-policy'
import type { Store, TxStore } from '../ports/store'
import { COLLECTIONS } from '../ports/collections'

/** A clock of at least 30 working minutes and at most 60 working days. */
const Minutes = z.number().int().min(30).max(60 * 450)
const Clocks = z.strictObject({ accept: Minutes, firstReply: Minutes, resolve: Minutes })
export const SlaPolicySchema = z
  .strictObject({ general: Clocks, wage_arrears: Clocks, policy_question: Clocks, group: Clocks })
  .superRefine((p, ctx) => {
    for (const [track, c] of Object.entries(p))
      if (!(c.accept <= c.firstReply && c.firstReply <= c.resolve))
        ctx.addIssue({ code: 'custom', path: [track], message: '时限应满足：受理 ≤ 首次答复 ≤ 办结' })
  })

export const POLICY_DOC_ID = 'sla-policy'

/** The deadline policy in force: the admin's stored table, or the defaults of the policy document. */
export const loadPolicy = async (store: Store | TxStore): Promise<SlaPolicy> => {
  const doc = await store.get<{ _id: string; _v: number; policy: unknown }>(COLLECTIONS.settings, POLICY_DOC_ID)
  if (!doc) return DEFAULT_SLA_POLICY
  const parsed = SlaPolicySchema.safeParse(doc.policy)
  return parsed.success ? parsed.data : DEFAULT_SLA_POLICY
}
