import { acceptCase, escalateCase, getCaseDetail, getMyCase, replyCase } from '../../types/contracts'
import { expectOk, makeHarness, WORKER, type Harness } from '../support/harness'

/**
 * One timeline, three readers (domain/timeline.ts; the messages are the thread's, domain/thread.ts): the worker reads the station's words to them, the officer
 * who acted reads "你…", and every other officer reads the station and the name of who acted.
 */
const HEAD = 'dev-CX-street-head'
const REP = 'dev-CX-street-rep'
const COUNTY = 'dev-CX-county-head'

let h: Harness
beforeAll(async () => {
  h = await makeHarness()
})
afterAll(() => h.close())

it('words each entry for the worker, for the officer who acted and for the other officers', async () => {
  const { id, caseNo } = await h.file()
  expectOk(await h.act(acceptCase, HEAD, id))
  expectOk(await h.act(replyCase, REP, id, { text: '你好，已联系单位核实工资情况。' }))
  expectOk(await h.act(escalateCase, HEAD, id, { reason: '需要县里协调' }))

  const texts = async (who: 'worker' | string) =>
    (who === 'worker' ? expectOk(await h.op(getMyCase, WORKER, { id })) : expectOk(await h.op(getCaseDetail, who, { id }))).timeline.map((t) => t.text)

  expect(await texts('worker')).toEqual([
    `诉求已提交，编号 ${caseNo}`,
    '由 曹城街道驿站（示例） 办理',
    '曹城街道驿站（示例） 已受理你的诉求',
    '曹城街道驿站（示例） 上报给 曹县劳动关系服务驿站 办理',
  ])
  // The head accepted and escalated; the worker-rep member replied.
  expect(await texts(HEAD)).toEqual([
    `诉求已提交，编号 ${caseNo}`,
    '由 曹城街道驿站（示例） 办理',
    '你受理了这条诉求',
    '你上报给 曹县劳动关系服务驿站 办理',
    '你写明上报理由：需要县里协调',
  ])
  expect(await texts(COUNTY)).toEqual([
    `诉求已提交，编号 ${caseNo}`,
    '由 曹城街道驿站（示例） 办理',
    '曹城街道驿站（示例） 曹城街道王所长 受理了这条诉求',
    '曹城街道驿站（示例） 曹城街道王所长 上报给 曹县劳动关系服务驿站 办理',
    '曹城街道驿站（示例） 曹城街道王所长 写明上报理由：需要县里协调',
  ])
  // The reply is a message of the conversation (the thread), not a timeline entry; each reader names its writer.
  const thread = async (who: 'worker' | string) =>
    (who === 'worker' ? expectOk(await h.op(getMyCase, WORKER, { id })) : expectOk(await h.op(getCaseDetail, who, { id }))).thread.map((m) => [m.who, m.text])
  expect(await thread('worker')).toEqual([['曹城街道驿站（示例）', '你好，已联系单位核实工资情况。']])
  expect(await thread(REP)).toEqual([['我 · 曹城街道驿站（示例）', '你好，已联系单位核实工资情况。']])
  expect(await thread(COUNTY)).toEqual([['曹城陈代表 · 曹城街道驿站（示例）', '你好，已联系单位核实工资情况。']])
  // The words name who acted: no separate line for it.
  expect(expectOk(await h.op(getCaseDetail, COUNTY, { id })).timeline.every((t) => t.who === undefined)).toBe(true)
})
