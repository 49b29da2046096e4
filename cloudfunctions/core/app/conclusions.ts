import { z } from 'zod'
import { AppError } from '../../../types/errors'
import { conclusionLines, DEFAULT_CONCLUSIONS, type ConclusionChoice, type ConclusionItem } from '../domain/conclusions'
import type { CaseModel } from '../domain/case-engine'
import type { Store, StoredDoc, TxStore } from '../ports/store'
import { COLLECTIONS } from '../ports/collections'

/** The admin's list of standard conclusions (settings doc `case-conclusions`); the defaults until one is saved. */
export const CONCLUSIONS_DOC_ID = 'case-conclusions'

export interface ConclusionsDoc extends StoredDoc {
  items: ConclusionItem[]
  updatedAt: number
  updatedBy: string
}

const Stored = z.array(z.object({ key: z.string(), label: z.string(), needsNote: z.boolean(), active: z.boolean() })).min(1)

export const readConclusionsDoc = (store: Store | TxStore) => store.get<ConclusionsDoc>(COLLECTIONS.settings, CONCLUSIONS_DOC_ID)

/** The list a stored doc holds, or the defaults when there is none or it does not validate. */
export const conclusionsOf = (doc: ConclusionsDoc | null): ConclusionItem[] => {
  const parsed = doc ? Stored.safeParse(doc.items) : null
  return parsed?.success ? parsed.data : [...DEFAULT_CONCLUSIONS]
}

/** Every key the list has ever had, with its label now: the ledger names counted conclusions by these. */
export const conclusionLabels = async (store: Store): Promise<Map<string, string>> =>
  new Map(conclusionsOf(await readConclusionsDoc(store)).map((i) => [i.key, i.label]))

/** The officer's choice for the resolve command: the chosen item from the list in force, and what they wrote. */
export const conclusionChoice = async (
  store: Store,
  input: { conclusion: string; conclusionNote?: string; amountRecovered?: number; workersPaid?: number },
): Promise<ConclusionChoice> => {
  const item = conclusionsOf(await readConclusionsDoc(store)).find((i) => i.key === input.conclusion)
  if (!item) throw new AppError('REQUEST_INVALID', '请从列表中选择办结结论', ['conclusion'])
  return {
    item,
    ...(input.conclusionNote ? { note: input.conclusionNote } : {}),
    ...(input.amountRecovered !== undefined ? { amountRecovered: input.amountRecovered } : {}),
    ...(input.workersPaid !== undefined ? { workersPaid: input.workersPaid } : {}),
  }
}

/** A resolved or closed case's conclusion for its page, in plain words; nothing while it is being handled. */
export const conclusionView = (c: Pick<CaseModel, 'state' | 'conclusion'>): { conclusion?: { label: string; lines: string[] } } =>
  c.conclusion && ['resolved', 'closed', 'closed_unconfirmed'].includes(c.state) ? { conclusion: { label: c.conclusion.label, lines: conclusionLines(c.conclusion) } } : {}
