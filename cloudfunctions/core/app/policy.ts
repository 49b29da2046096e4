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

/**
 * The category names for the inbox, whose budget is three reads (counters, page, other stations' names).
 * Names change a few times a year: a process keeps what it read for a minute, and forgets it at once when it
 * saves the policy itself; another function's instance shows a renamed category within that minute.
 */
const NAMES_KEPT_MS = 60_000
let namesKept = new WeakMap<object, { until: number; names: Record<Category, string> }>()
export const recentCategoryNames = async (store: Store): Promise<Record<Category, string>> => {
  const kept = namesKept.get(store)
  if (kept && kept.until > Date.now()) return kept.names
  const names = await loadCategoryNames(store)
  namesKept.set(store, { until: Date.now() + NAMES_KEPT_MS, names })
  return names
}
/** After this process saved the categories: every store's kept names are read again. */
export const forgetCategoryNames = (): void => {
  namesKept = new WeakMap()
}
