import { Category, CATEGORY_INFO } from '../../../types/domain'
import { NOTICE_IDS } from '../data/policy-notices'

/**
 * Case categories as data (DOMAIN §3): each category's name, one-line explanation, whether the form offers it,
 * and its 「你的权利」 card — one or two plain sentences and the notice behind them. The city admin edits them
 * with the deadlines (`policy.set`). The set of categories is fixed by the code (routing, the wage fields and
 * the deadline tracks hang on them); a disabled one is not offered to new cases and old cases keep it.
 */
export interface RightsCard {
  text: string
  /** The notice the card links to; none when the card stands alone. */
  noticeId: string | null
}

export interface CategoryEntry {
  name: string
  hint: string
  enabled: boolean
  rights: RightsCard | null
}

export type CategoryCatalogue = Record<Category, CategoryEntry>

/** The cards every environment starts with, each linked to a provisioned notice (data/policy-notices.ts). */
const DEFAULT_RIGHTS: Record<Category, RightsCard | null> = {
  contract: { text: '入职满一个月单位还不签书面劳动合同的，从第二个月起可以要求单位每月支付二倍工资，最多 11 个月。', noticeId: NOTICE_IDS.doubleWage },
  pay: { text: '加班要给加班费：平时加班不低于工资的 150%，休息日加班又不补休的不低于 200%，法定节假日加班不低于 300%。', noticeId: NOTICE_IDS.probationOvertime },
  wage_arrears: {
    text: '工资要按时足额发给你本人；分包单位拖欠的，由施工总承包单位先行清偿。被拖欠可以拨打 12333 投诉。',
    noticeId: NOTICE_IDS.wagePayment,
  },
  social_insurance: { text: '单位应当为你缴纳社会保险，“自愿放弃社保”的约定不能免除单位的责任。社保问题可以拨打 12333 咨询。', noticeId: NOTICE_IDS.hotlines },
  hours_leave: { text: '国家规定每天工作 8 小时、每周 40 小时；加班一般每天不超过 1 小时，特殊原因每天不超过 3 小时、每月不超过 36 小时。', noticeId: NOTICE_IDS.probationOvertime },
  safety_health: {
    text: '工作中受伤，单位应当在 30 日内申请工伤认定；单位不申请的，你或家属可以在 1 年内自己申请。',
    noticeId: NOTICE_IDS.hotlines,
  },
  union_democracy: { text: '职工有依法参加和组织工会的权利；涉及职工切身利益的规章制度，单位应当和职工代表大会或全体职工讨论。', noticeId: NOTICE_IDS.hotlines },
  dismissal: { text: '单位违法解除劳动合同的，你可以要求继续履行，或者要求支付经济补偿两倍的赔偿金；有争议可以在一年内申请劳动仲裁。', noticeId: NOTICE_IDS.arbitration },
  policy_question: { text: '拿不准的政策问题，也可以直接拨打 12333 人社服务热线咨询。', noticeId: NOTICE_IDS.hotlines },
  other: null,
}

export const DEFAULT_CATEGORIES: CategoryCatalogue = Object.freeze(
  Object.fromEntries(Category.options.map((c) => [c, Object.freeze({ name: CATEGORY_INFO[c].label, hint: CATEGORY_INFO[c].hint, enabled: true, rights: DEFAULT_RIGHTS[c] })])),
) as CategoryCatalogue

export const categoryNames = (cat: CategoryCatalogue): Record<Category, string> =>
  Object.fromEntries(Category.options.map((c) => [c, cat[c].name])) as Record<Category, string>

/** What saving a catalogue would change, line by line, in the words of the admin page. */
export const categoryChanges = (before: CategoryCatalogue, after: CategoryCatalogue): string[] => {
  const out: string[] = []
  for (const c of Category.options) {
    const b = before[c]
    const a = after[c]
    if (b.name !== a.name) out.push(`类别名称：${b.name} → ${a.name}`)
    if (b.hint !== a.hint) out.push(`${a.name} 说明：${b.hint} → ${a.hint}`)
    if (b.enabled !== a.enabled) out.push(a.enabled ? `重新启用 ${a.name}` : `停用 ${a.name}（已有的诉求不变）`)
    const bt = b.rights?.text ?? ''
    const at = a.rights?.text ?? ''
    if (bt !== at) out.push(at ? `${a.name} 你的权利：${bt ? '改为' : '新增'}“${at}”` : `${a.name} 你的权利：不再显示`)
    if ((b.rights?.noticeId ?? null) !== (a.rights?.noticeId ?? null) && at) out.push(`${a.name} 你的权利：换了关联的政策`)
  }
  return out
}
