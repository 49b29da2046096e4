import { CategoryCatalogueInput, SlaPolicyInput } from '../../../types/contracts/settings'
import type { Category } from '../../../types/domain'
import { categoryNames, DEFAULT_CATEGORIES, type CategoryCatalogue } from '../domain/categories'
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../domain/sla-policy'
import type { Store, StoredDoc, TxStore } from '../ports/store'
import { COLLECTIONS } from '../ports/collections'

export const POLICY_DOC_ID = 'sla-policy'

/** The admin's stored deadline table (settings doc `sla-policy`). */
export interface PolicyDoc extends StoredDoc {
  policy: unknown
  /** The case categories as data (names, explanations, enabled, rights cards); absent until first saved. */
  categories?: unknown
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

/** The categories a stored doc holds, or the defaults when there is none or it does not validate. */
export const categoriesOf = (doc: PolicyDoc | null): CategoryCatalogue => {
  if (!doc?.categories) return DEFAULT_CATEGORIES
  const parsed = CategoryCatalogueInput.safeParse(doc.categories)
  return parsed.success ? parsed.data : DEFAULT_CATEGORIES
}

/** The case categories in force. */
export const loadCategories = async (store: Store | TxStore): Promise<CategoryCatalogue> => categoriesOf(await readPolicyDoc(store))

/** What every case row calls its category, in force now. */
export const loadCategoryNames = async (store: Store | TxStore): Promise<Record<Category, string>> => categoryNames(await loadCategories(store))
