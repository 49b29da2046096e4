import type { Category } from '../../../types/domain'

/**
 * Standard conclusions of a resolved case (办结结论, issue §4): a list kept as admin-editable data, one of which
 * every resolution names. Keys never change once used, so the ledger can count resolutions by kind across a
 * rename; an item no longer wanted is switched off, never removed.
 */

export interface ConclusionItem {
  key: string
  label: string
  /** The officer must say in words what the conclusion was (其他（说明）). */
  needsNote: boolean
  /** Offered on new resolutions. */
  active: boolean
}

export const DEFAULT_CONCLUSIONS: readonly ConclusionItem[] = [
  { key: 'solved', label: '已解决', needsNote: false, active: true },
  { key: 'partly', label: '部分解决', needsNote: false, active: true },
  { key: 'mediated', label: '已达成调解', needsNote: false, active: true },
  { key: 'arbitration', label: '已转劳动仲裁', needsNote: false, active: true },
  { key: 'inspection', label: '已转劳动保障监察', needsNote: false, active: true },
  { key: 'unfounded', label: '诉求不属实', needsNote: false, active: true },
  { key: 'explained', label: '已解释政策', needsNote: false, active: true },
  { key: 'other', label: '其他（说明）', needsNote: true, active: true },
]

/** What a resolution records on the case: the conclusion in force when it was given, and the wage figures. */
export interface Conclusion {
  key: string
  label: string
  note?: string
  /** Wage arrears: yuan recovered for the workers. */
  amountRecovered?: number
  /** Wage arrears: how many workers were paid. */
  workersPaid?: number
}

/** The officer's choice as the resolve command carries it: the list item chosen and what they wrote. */
export interface ConclusionChoice {
  item: ConclusionItem
  note?: string
  amountRecovered?: number
  workersPaid?: number
}

/** The categories whose resolution records the money recovered and the workers paid. */
export const WAGE_CATEGORIES: readonly Category[] = ['wage_arrears']

export interface ResolutionProblem {
  message: string
  field: 'conclusion' | 'conclusionNote' | 'amountRecovered' | 'workersPaid'
}

/** Why a resolution of a case of this category cannot be recorded as chosen, or null when it can. */
export const resolutionProblem = (category: Category, choice: ConclusionChoice): ResolutionProblem | null => {
  if (!choice.item.active) return { message: '这个办结结论已停用，请重新选择', field: 'conclusion' }
  if (choice.item.needsNote && (choice.note?.trim().length ?? 0) < 2) return { message: `选择“${choice.item.label}”时，请写明结论`, field: 'conclusionNote' }
  const wage = WAGE_CATEGORIES.includes(category)
  if (wage && choice.amountRecovered === undefined) return { message: '农民工欠薪诉求办结时，请填写追回的工资金额（没有追回填 0）', field: 'amountRecovered' }
  if (wage && choice.workersPaid === undefined) return { message: '农民工欠薪诉求办结时，请填写拿到工资的人数（没有填 0）', field: 'workersPaid' }
  if (!wage && (choice.amountRecovered !== undefined || choice.workersPaid !== undefined))
    return { message: '只有农民工欠薪诉求需要填写追回金额和人数', field: choice.amountRecovered !== undefined ? 'amountRecovered' : 'workersPaid' }
  return null
}

/** The record a resolution keeps, from the officer's choice. */
export const conclusionOf = (choice: ConclusionChoice): Conclusion => ({
  key: choice.item.key,
  label: choice.item.label,
  ...(choice.item.needsNote && choice.note?.trim() ? { note: choice.note.trim() } : {}),
  ...(choice.amountRecovered !== undefined ? { amountRecovered: choice.amountRecovered } : {}),
  ...(choice.workersPaid !== undefined ? { workersPaid: choice.workersPaid } : {}),
})

const yuan = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(2)} 元`

/** The conclusion in plain words, line by line: what a worker and an officer read. */
export const conclusionLines = (c: Conclusion): string[] => [
  c.note ? `${c.label.replace(/（.*）$/, '')}：${c.note}` : c.label,
  ...(c.amountRecovered !== undefined ? [c.amountRecovered > 0 ? `追回工资 ${yuan(c.amountRecovered)}` : '没有追回工资'] : []),
  ...(c.workersPaid !== undefined ? [`${c.workersPaid} 人拿到了工资`] : []),
]
