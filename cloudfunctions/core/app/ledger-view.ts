import { PRIVACIES_SEEN_BY } from '../../../types/authz'
import type { LedgerFigure, LedgerView } from '../../../types/contracts/ledger'
import { CATEGORY_INFO, Category, Privacy, PRIVACY_LABEL, type Side } from '../../../types/domain'
import { AppError } from '../../../types/errors'
import { meanStars, percent, received, type BucketFigures, type Figures } from '../domain/ledger'
import { addMonths, monthLabel, monthOf } from '../domain/periods'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import { conclusionsOf, readConclusionsDoc } from './conclusions'
import { ledgerFigures } from './ledger'
import type { StationDoc } from './records'

/** The words of a ledger: one figure per row, in the order an officer reports them. */

const yuan = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2))

/** What the viewer's side does not see, said once on the page and in the export (D8a). */
export const scopeNoteOf = (side: Side): string | undefined => {
  const seen = PRIVACIES_SEEN_BY[side]
  if (seen.length === Privacy.options.length) return undefined
  return `只统计职工选择${seen.map((p) => `“${PRIVACY_LABEL[p]}”`).join('、')}的诉求`
}

export const figureRows = (n: Figures): LedgerFigure[] => {
  const v = (k: keyof Figures) => n[k] ?? 0
  const rate = (part: keyof Figures, whole: keyof Figures, what: string) => {
    const p = percent(n[part], n[whole])
    return p === null ? undefined : `${what} ${p}%`
  }
  const rows: Array<LedgerFigure | false> = [
    { key: 'received', label: '收到诉求', value: received(n), unit: '件', note: `新收 ${v('filed')} 件，转入 ${v('movedIn')} 件` },
    { key: 'accepted', label: '受理', value: v('accepted'), unit: '件' },
    { key: 'acceptedOnTime', label: '按时受理', value: v('acceptedOnTime'), unit: '件', ...optional(rate('acceptedOnTime', 'accepted', '按时受理率')) },
    { key: 'resolved', label: '办结', value: v('resolved'), unit: '件' },
    { key: 'resolvedOnTime', label: '按时办结', value: v('resolvedOnTime'), unit: '件', ...optional(rate('resolvedOnTime', 'resolved', '按时办结率')) },
    { key: 'overdue', label: '超期', value: v('overdue'), unit: '次', note: '受理、办结或转办答复超过时限' },
    { key: 'transferred', label: '转办', value: v('transferred'), unit: '件' },
    { key: 'referred', label: '转外部机构', value: v('referred'), unit: '件' },
    { key: 'reopened', label: '职工不满意、重新办理', value: v('reopened'), unit: '件' },
    { key: 'withdrawn', label: '职工撤回', value: v('withdrawn'), unit: '件' },
  ]
  return rows.filter((r): r is LedgerFigure => !!r)
}

const optional = (note: string | undefined) => (note ? { note } : {})

export const satisfactionOf = (n: Figures) => {
  const rated = n.rated ?? 0
  const mean = meanStars(n)
  const unconfirmed = n.unconfirmed ?? 0
  const words = [
    rated ? `${rated} 件由职工确认并评价，平均 ${mean} 星` : '还没有职工评价',
    ...(unconfirmed ? [`另有 ${unconfirmed} 件职工没有确认、已自动结案（已结案(未确认)），不算作满意`] : []),
  ].join('；')
  return { rated, meanStars: mean, unconfirmed, words }
}

export const wageOf = (n: Figures) => {
  const amount = n.recoveredAmount ?? 0
  const workersPaid = n.workersPaid ?? 0
  return { amount, workersPaid, words: `农民工欠薪：追回工资 ${yuan(amount)} 元，${workersPaid} 人拿到工资` }
}

/** Every conclusion of the list in its order (switched-off ones only when counted), then any unknown key. */
export const conclusionRows = async (ports: Ports, counted: Record<string, number>) => {
  const items = conclusionsOf(await readConclusionsDoc(ports.store))
  const known = new Set(items.map((i) => i.key))
  return [
    ...items.filter((i) => i.active || counted[i.key]).map((i) => ({ key: i.key, label: i.label, count: counted[i.key] ?? 0 })),
    ...Object.entries(counted)
      .filter(([k]) => !known.has(k))
      .map(([key, count]) => ({ key, label: '其他结论', count })),
  ]
}

export const categoryRows = (b: BucketFigures) =>
  Category.options
    .filter((c) => b.cat[c])
    .map((c) => {
      const f = b.cat[c]!
      return { category: c, label: CATEGORY_INFO[c].label, received: received(f), resolved: f.resolved ?? 0, overdue: f.overdue ?? 0 }
    })

/** The month asked for, or this month; a month that has not begun yet is refused. */
export const ledgerMonth = (ports: Ports, month: string | undefined): string => {
  const current = monthOf(ports.clock.now())
  const m = month ?? current
  if (m > current) throw new AppError('REQUEST_INVALID', '这个月还没到，请选择本月或以前的月份', ['month'])
  return m
}

/** A station's ledger of a month, as an officer of the given side may see it. */
export const ledgerView = async (ports: Ports, station: StationDoc, month: string, side: Side): Promise<LedgerView> => {
  const current = monthOf(ports.clock.now())
  const b = await (await ledgerFigures(ports)).stationFigures(station._id, month, side)
  const note = scopeNoteOf(side)
  return {
    stationId: station._id,
    stationName: station.name,
    month,
    monthLabel: monthLabel(month),
    prevMonth: addMonths(month, -1),
    nextMonth: month < current ? addMonths(month, 1) : null,
    ...(note ? { scopeNote: note } : {}),
    figures: figureRows(b.n),
    satisfaction: satisfactionOf(b.n),
    conclusions: await conclusionRows(ports, b.conclusions),
    wage: wageOf(b.n),
    byCategory: categoryRows(b),
    activities: await ports.store.count(COLLECTIONS.activities, { stationId: station._id, month }),
  }
}
