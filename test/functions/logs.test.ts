import { acceptCase, confirmCase, getCaseDetail, replyCase, resolveCase, runSweep, submitCase } from '../../types/contracts'
import { SLOW_CALL_MS } from '../../cloudfunctions/core/ports/log'
import { localNotifier } from '../../cloudfunctions/local/ports'
import { expectError, expectOk, makeHarness, submitInput, WORKER, type Harness } from '../support/harness'

/**
 * The logs hold ids, ops, codes and durations, never a person (个人信息保护法): a whole journey — filing with
 * a name and phone, an officer reading them, replies, the sweep, messages — leaves no name, phone number,
 * openid or worker's words in any log line, structured or on the console.
 */
const HEAD = 'dev-CX-street-head'
const NAME = '张三丰'
const PHONE = '13912345678'
const WORDS = '老板拖欠了我们三个月的工资'

let h: Harness
let consoleLines: string[]
let restore: () => void
beforeEach(async () => {
  h = await makeHarness()
  consoleLines = []
  const spies = (['log', 'info', 'warn', 'error'] as const).map((m) =>
    jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '))),
  )
  restore = () => spies.forEach((s) => s.mockRestore())
})
afterEach(async () => {
  restore()
  await h.close()
})

describe('logs', () => {
  it('carry request id, op, duration and code for every call', async () => {
    const filed = await h.file()
    expectError(await h.op(getCaseDetail, 'dev-SX-county-head', { id: filed.id }), 'CASE_NOT_FOUND')
    const calls = h.logs.filter((l) => l.event === 'call')
    expect(calls[0]).toMatchObject({ level: 'info', fn: 'worker', op: 'case.submit', ok: true })
    expect(calls[0]!.requestId).toMatch(/^req-test-/)
    expect(typeof calls[0]!.ms).toBe('number')
    expect(calls.at(-1)).toMatchObject({ fn: 'officer', op: 'case.detail', ok: false, code: 'CASE_NOT_FOUND' })
  })

  it('name a slow operation as slow, with its op', async () => {
    const now = Date.now
    let t = 0
    Date.now = () => (t += SLOW_CALL_MS + 1)
    try {
      await h.op(runSweep, null, { dryRun: true })
    } finally {
      Date.now = now
    }
    expect(h.logs.at(-1)).toMatchObject({ level: 'warn', event: 'slow', fn: 'sweep', op: 'sweep.run' })
  })

  it('never contain a name, a phone number, an openid or the worker’s words, over a whole journey', async () => {
    const box = localNotifier((line) => consoleLines.push(line))
    h.ports.notifier = box
    const filed = expectOk(await h.op(submitCase, WORKER, submitInput({ contact: { name: NAME, phone: PHONE }, description: `${WORDS}，一直说下个月发。` })))
    const detail = expectOk(await h.op(getCaseDetail, HEAD, { id: filed.id }))
    expect(detail.identity).toEqual({ name: NAME, phone: PHONE }) // the officer did see them
    await h.act(acceptCase, HEAD, filed.id)
    await h.act(replyCase, HEAD, filed.id, { text: `${NAME}你好，已联系单位。` })
    await h.act(resolveCase, HEAD, filed.id, { text: '单位已补发工资。', conclusion: 'solved' })
    await h.act(confirmCase, WORKER, filed.id, { rating: 5 })
    h.clock.now += 10 * 86_400_000
    await h.op(runSweep, null, {})
    expect(box.messages().length).toBeGreaterThan(0) // messages went out, to openids, with words
    const everything = [...h.logs.map((l) => JSON.stringify(l)), ...consoleLines].join('\n')
    expect(h.logs.length).toBeGreaterThan(5)
    for (const secret of [NAME, PHONE, WORDS, WORKER, HEAD, h.ports.secrets.workerKey(WORKER)]) expect(everything).not.toContain(secret)
  })
})
