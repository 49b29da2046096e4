import type { AssistedChannel, Privacy } from '../../types/domain'

/**
 * Words of 代为登记 (assisted intake), written once: the officer files with the worker's own form, reads the
 * privacy choice out to the worker, and hands over the case number and claim code on a slip (认领凭条).
 */

/** What the officer tells the worker about each privacy choice, shown beside it on the officer's form. */
export const PRIVACY_READ_OUT: Record<Privacy, string> = {
  open: '请告诉职工：选“公开给驿站”，驿站能看到你的名字和电话，可能会联系你和你的单位了解情况',
  confidential: '请告诉职工：对单位保密的诉求，单位不会看到你的名字和电话',
  anonymous: '请告诉职工：匿名反映不留名字和电话，驿站联系不到你，也不会给你发提醒；凭认领码在微信里查看进度',
}

/** How the worker reached the officer: asked first on the officer's form. */
export const ASSISTED_CHANNEL_OPTIONS: ReadonlyArray<{ value: AssistedChannel; title: string; desc: string }> = [
  { value: 'walk_in', title: '到站', desc: '职工来到驿站' },
  { value: 'phone', title: '电话', desc: '职工打电话来' },
]

/** How the worker claims the case, printed on the slip. */
export const CLAIM_STEPS: readonly string[] = [
  '在微信里打开“菏谐驿站”小程序',
  '点下面的“我的诉求”，再点“认领诉求”',
  '输入这张凭条上的诉求编号和认领码',
]

/** The slip as plain text, for a text message to a worker who called, or to copy by hand. */
export const slipText = (s: { caseNo: string; claimCode: string; stationName: string; stationPhone: string; hotline: { number: string } }): string =>
  [
    '【菏谐驿站 诉求认领凭条】',
    `诉求编号：${s.caseNo}`,
    `认领码：${s.claimCode}（只能用一次，请不要告诉别人）`,
    ...CLAIM_STEPS.map((step, i) => `${i + 1}. ${step}`),
    `登记驿站：${s.stationName}${s.stationPhone ? `（电话 ${s.stationPhone}）` : ''}`,
    `着急可以拨打 ${s.hotline.number}`,
  ].join('\n')
