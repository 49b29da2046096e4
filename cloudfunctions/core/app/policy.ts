import { SlaPolicyInput } from '../../../types/contracts/settings'
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../domain/sla-policy'
import type { Store, StoredDoc, TxStore } from '../ports/store'
import { COLLECTIONS } from '../ports/collections'

export const POLICY_DOC_ID = 'sla-policy'

/** The admin's stored deadline table (settings doc `sla-policy`). */
export interface PolicyDoc extends StoredDoc {
  policy: unknown
  updatedAt: number
  updatedBy: string
}

export const readPolicyDoc = (store: Store | TxStore) => store.get<PolicyDoc>(COLLECTIONS.settings, POLICY_DOC_ID)

/** The table a stored doc holds, or the policy document's defaults when there is none or it does not validate. */
export const policyOf = (doc: PolicyDoc | null): SlaPolicy => {
  if (!doc) return DEFAULT_SLA_POLICY
  const parsed = SlaPolicyInput.safeParse(doc.policy)
  // A table stored before the fixed deadlines were policy data keeps the defaults for them.
  return parsed.success ? { ...parsed.data, fixed: parsed.data.fixed ?? DEFAULT_SLA_POLICY.fixed } : DEFAULT_SLA_POLICY
}

/** The deadline policy in force. */
export const loadPolicy = async (store: Store | TxStore): Promise<SlaPolicy> => policyOf(await readPolicyDoc(store))
