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
 * The policy document as an instance read it lately (ADR 0031): the deadline table and the categories change a
 * few times a year, and nearly every operation needs them (a filing, a command, the inbox's and a case's
 * category names). A process keeps what it read for a minute, per store, and forgets it at once when it saves
 * the policy itself (`forgetRecentPolicy`); another function's instance follows an edit within that minute, as
 * if the edit had come a moment later.
 */
const POLICY_KEPT_MS = 60_000
let policyKept = new WeakMap<object, { until: number; doc: Promise<PolicyDoc | null> }>()
export const recentPolicyDoc = (store: Store): Promise<PolicyDoc | null> => {
  const kept = policyKept.get(store)
  if (kept && kept.until > Date.now()) return kept.doc
  const doc = readPolicyDoc(store)
  policyKept.set(store, { until: Date.now() + POLICY_KEPT_MS, doc })
  // A failed read is not kept.
  doc.catch(() => policyKept.delete(store))
  return doc
}
/** After this process saved the policy: every store's kept document is read again. */
export const forgetRecentPolicy = (): void => {
  policyKept = new WeakMap()
}

/** The deadline policy in force, as this instance read it lately. */
export const recentPolicy = async (store: Store): Promise<SlaPolicy> => policyOf(await recentPolicyDoc(store))

/** What every case row calls its category, as this instance read it lately (the inbox, a case's page). */
export const recentCategoryNames = async (store: Store): Promise<Record<Category, string>> => categoryNames(categoriesOf(await recentPolicyDoc(store)))
