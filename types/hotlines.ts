import type { Hotline } from './domain'

/**
 * The four public hotlines (12333 · 12351 · 12348 · 12345), once: the station page sends them with every
 * station, the hotline strip falls back on them before a station is chosen, the hotline guide explains each,
 * a claim slip names the first, and every poster prints them with the line that says what each one is for.
 * Public numbers, not rules.
 */
export interface HotlineEntry extends Hotline {
  /** The full name, as the station page lists it. */
  name: string
  /** The short name on the hotline strip's buttons and the guide's cards. */
  short: string
  /** What to call it for, in one line (the poster). */
  line: string
  /** Who answers it (the hotline guide). */
  who: string
  /** What to call it for, in plain words (the hotline guide). */
  for: readonly string[]
}

export const HOTLINES: readonly HotlineEntry[] = [
  {
    number: '12333',
    name: '人力资源和社会保障服务热线',
    short: '人社服务',
    line: '工资、社保、劳动合同，找人社部门',
    who: '人力资源和社会保障部门（人社局）',
    for: ['工资被拖欠、少发，加班费不给', '不签劳动合同、被辞退、经济补偿', '社会保险怎么交、断缴了怎么办', '找工作、职业培训和各类补贴'],
  },
  {
    number: '12351',
    name: '职工服务热线（工会）',
    short: '职工热线',
    line: '工会为职工说话：困难帮扶、维权帮助',
    who: '工会（全国总工会职工服务热线）',
    for: ['想请工会出面帮忙和单位沟通', '单位没有工会，想加入或成立工会', '生活困难，需要帮扶', '心里压力大，想找人说说'],
  },
  {
    number: '12348',
    name: '公共法律服务热线（法律援助）',
    short: '法律援助',
    line: '免费法律咨询，可以申请法律援助',
    who: '司法行政部门（公共法律服务）',
    for: ['想问问法律上怎么规定、该怎么做', '要打官司、申请仲裁，但请不起律师：申请法律援助', '看不懂合同、协议和法律文书'],
  },
  {
    number: '12345',
    name: '政务服务便民热线',
    short: '政务服务',
    line: '不知道找谁，就打这个电话',
    who: '政府的政务服务便民热线',
    for: ['不知道该找哪个部门的事', '对政府部门办事的意见和建议', '其他各类政务服务问题'],
  },
]

/** Situations a worker is in, and the number to call first (the hotline guide). */
export const HOTLINE_WHEN: ReadonlyArray<{ when: string; call: string }> = [
  { when: '工资拖欠、不签合同、社保、被辞退', call: '12333' },
  { when: '想找工会帮忙、困难帮扶', call: '12351' },
  { when: '需要律师、想申请法律援助', call: '12348' },
  { when: '不知道归哪个部门管', call: '12345' },
]

/** A hotline as the wire carries it (number and full name). */
export const hotlineOnWire = (h: HotlineEntry): Hotline => ({ number: h.number, name: h.name })
