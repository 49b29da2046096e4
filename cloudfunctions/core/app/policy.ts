import { SlaPolicyInput } from '../../../types/contracts/settings'
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../domain/sla-policy'
import type { Store, TxStore } from '../ports/store'
import { COLLECTIONS } from '../ports/collections'

export const SlaPolicySchema = SlaPolicyInput

export const POLICY_DOC_ID = 'sla-policy'

/** The deadline policy in force: the admin's stored table, or the defaults of the policy document. */
export const loadPolicy = async (store: Store | TxStore): Promise<SlaPolicy> => {
  const doc = await store.get<{ _id: string; _v: number; policy: unknown }>(COLLECTIONS.settings, POLICY_DOC_ID)
  if (!doc) return DEFAULT_SLA_POLICY
  const parsed = SlaPolicySchema.safeParse(doc.policy)
  return parsed.success ? parsed.data : DEFAULT_SLA_POLICY
}
