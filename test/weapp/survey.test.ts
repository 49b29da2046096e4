/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import { setUpWeappHarness, tap, tapVanButton, text } from './support/page'
import type { CloudCall } from './support/weapp-harness'

/**
 * 满意度测评 in the weapp build: the questionnaire loads through wx.cloud, one dimension per step with its
 * progress; every tap is kept in storage (wx.setStorageSync), so a page closed halfway opens again at the same
 * step with the same answers; a failed send keeps everything and the retry sends the same key; success removes
 * the draft. The cloud function is a test double returning a Result.
 */

const { h } = setUpWeappHarness()

const DIMS = [
  ['contract', '劳动合同制度实施', 3],
  ['pay', '工资薪酬待遇', 4],
  ['insurance', '社会保险待遇', 3],
  ['hours', '工时休假待遇', 3],
  ['safety', '劳动安全卫生情况', 4],
  ['union', '工会建设及民主管理', 4],
] as const
const FORM = {
  campaign: { id: 'sv-st-CX-0004-1', stationName: '示例纺织有限公司驿站（曹县，示例）', stationCode: 'HZ-CX-0004', endsLabel: '12月14日 周一 截止' },
  answered: false,
  template: {
    version: 1,
    questionCount: 21,
    commentPrompt: '还有什么想对单位或驿站说的？',
    dimensions: DIMS.map(([key, label, n]) => ({ key, label, questions: Array.from({ length: n }, (_, i) => ({ key: `${key}-${i + 1}`, text: `${label}的第 ${i + 1} 道题` })) })),
  },
}
const KEY = 'hx.surveyDraft.sv-st-CX-0004-1'
const stored = () => h.storage.get(KEY) as { key: string; step: number; ratings: Record<string, number>; comment: string } | undefined

let submit: (c: CloudCall) => unknown
beforeEach(() => {
  submit = () => ({ ok: true, data: { recorded: true, answered: 3 } })
  h.reply = (c: CloudCall) => {
    if (c.data.op === 'survey.form') return { ok: true, data: FORM }
    if (c.data.op === 'survey.submit') return submit(c)
    return { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  }
})

/** Every question of the step on screen answered with this value, and shown chosen (as a person sees it before 下一步). */
const answerStep = async (page: Parameters<typeof tap>[0], dim: (typeof DIMS)[number], value: number) => {
  for (let i = 1; i <= dim[2]; i++) tap(page, `.survey-q-${dim[0]}-${i} .survey-choice-${value}`)
  await h.waitFor(() => page.querySelectorAll(`.survey-dim-${dim[0]} .survey-choice--on`).length === dim[2])
}

it('goes one dimension per step, keeps every answer on the phone, resumes after the page is closed, and sends one key until it gets through', async () => {
  let page = h.render('pages/survey/index', { campaignId: FORM.campaign.id })
  await h.waitFor(() => text(page).includes('大约 2 分钟'))
  expect(h.calls[0]).toMatchObject({ name: 'worker', data: { op: 'survey.form', input: { campaignId: FORM.campaign.id } } })
  expect(h.storage.has(KEY)).toBe(false)

  tapVanButton(page, '.survey-start')
  await h.waitFor(() => text(page).includes('第 1 步，共 7 步'))
  // 下一步 with nothing chosen: the step stays and says how many are left.
  tapVanButton(page, '.survey-next')
  await h.waitFor(() => text(page).includes('还有 3 道题没有选'))
  await answerStep(page, DIMS[0], 4)
  await h.waitFor(() => !text(page).includes('还有 3 道题没有选'))
  tapVanButton(page, '.survey-next')
  await h.waitFor(() => text(page).includes('第 2 步，共 7 步') && text(page).includes('工资薪酬待遇'))
  await answerStep(page, DIMS[1], 0)
  await h.waitFor(() => stored()?.ratings['pay-4'] === 0)
  expect(stored()).toMatchObject({ step: 2, ratings: { 'contract-1': 4, 'contract-3': 4, 'pay-1': 0 } })

  // Closed halfway (the app killed): opened again at the same step, the same answers chosen.
  h.cleanup()
  page = h.render('pages/survey/index', { campaignId: FORM.campaign.id })
  await h.waitFor(() => text(page).includes('第 2 步，共 7 步'))
  expect(page.querySelector('.survey-q-pay-1 .survey-choice-0')!.dom.className).toContain('survey-choice--on')
  tapVanButton(page, '.survey-next')
  for (const dim of DIMS.slice(2)) {
    await h.waitFor(() => text(page).includes(dim[1]))
    await answerStep(page, dim, 5)
    tapVanButton(page, '.survey-next')
  }
  await h.waitFor(() => text(page).includes('第 7 步，共 7 步'))

  // The send fails: nothing lost, and the retry is the same answer under the same key.
  submit = () => {
    throw new Error('network down')
  }
  tapVanButton(page, '.survey-submit')
  await h.waitFor(() => text(page).includes('你的答案已经存在手机上'))
  const first = h.calls.filter((c) => c.data.op === 'survey.submit')[0]!.data.input as { key: string; ratings: Record<string, number> }
  expect(Object.keys(first.ratings)).toHaveLength(21)
  expect(first.key).toBe(stored()!.key)
  submit = () => ({ ok: true, data: { recorded: true, answered: 3 } })
  tapVanButton(page, '.survey-submit')
  await h.waitFor(() => text(page).includes('提交成功，谢谢你！'))
  const sends = h.calls.filter((c) => c.data.op === 'survey.submit').map((c) => c.data.input as { key: string })
  expect(sends).toHaveLength(2)
  expect(sends[1]!.key).toBe(first.key)
  expect(text(page)).toContain('你一共参加了 3 次满意度测评')
  expect(h.storage.has(KEY)).toBe(false)
})

it('a second answer refused by the server says so and keeps nothing', async () => {
  h.storage.delete(KEY)
  submit = () => ({ ok: false, error: { code: 'SURVEY_ALREADY_ANSWERED', message: '你已经参加过这次测评了，每人只能答一次，谢谢你' } })
  const page = h.render('pages/survey/index', { campaignId: FORM.campaign.id })
  await h.waitFor(() => text(page).includes('大约 2 分钟'))
  tapVanButton(page, '.survey-start')
  for (const dim of DIMS) {
    await h.waitFor(() => text(page).includes(dim[1]))
    await answerStep(page, dim, 3)
    tapVanButton(page, '.survey-next')
  }
  await h.waitFor(() => text(page).includes('第 7 步，共 7 步'))
  tapVanButton(page, '.survey-submit')
  await h.waitFor(() => text(page).includes('你已经参加过这次测评了，每人只能答一次，谢谢你'))
  expect(h.storage.has(KEY)).toBe(false)
})
