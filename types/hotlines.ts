import type { Hotline } from './domain'

/**
 * The four public hotlines (12333 · 12351 · 12348 · 12345), once: the station page sends them with every
 * station, the hotline strip falls back on them before a station is chosen, and every poster prints them
 * with the line that says what each one is for. Public numbers, not rules.
 */
export interface HotlineEntry extends Hotline {
  /** The full name, as the station page lists it. */
  name: string
  /** The short name on the hotline strip's buttons. */
  short: string
  /** What to call it for, in one line (the poster). */
  line: string
}

export const HOTLINES: readonly HotlineEntry[] = [
  { number: '12333', name: '人力资源和社会保障服务热线', short: '人社服务', line: '工资、社保、劳动合同，找人社部门' },
  { number: '12351', name: '职工服务热线（工会）', short: '职工热线', line: '工会为职工说话：困难帮扶、维权帮助' },
  { number: '12348', name: '公共法律服务热线（法律援助）', short: '法律援助', line: '免费法律咨询，可以申请法律援助' },
  { number: '12345', name: '政务服务便民热线', short: '政务服务', line: '不知道找谁，就打这个电话' },
]
