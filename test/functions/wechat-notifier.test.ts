import { SUBSCRIBE_SEND_API, createWechatNotifier, parseTemplate, templatesFromEnv, type WxOpenApi } from '../../cloudfunctions/core/adapters/wechat/notifier'
import type { OutboundMessage } from '../../cloudfunctions/core/ports/notifier'

/**
 * The WeChat subscribe-message notifier against a recording stand-in for the open-API call: what it sends,
 * how message keys reach a template's own keys, and which answers end the outbox's retries.
 */
const message: OutboundMessage = { kind: 'case.accepted', to: 'openid-1', caseId: 'c1', data: { caseNo: 'CX2611250001', summary: '曹城街道驿站（示例）已受理你反映的拖欠工资问题' } }

const recorder = (answer: unknown = { result: { errcode: 0 } }) => {
  const calls: Array<{ apiName: string; requestData: Record<string, unknown> }> = []
  const api: WxOpenApi = {
    callWxOpenApi: async (o) => {
      calls.push(o as never)
      if (answer instanceof Error) throw answer
      return answer
    },
  }
  return { api, calls }
}

describe('template configuration', () => {
  it('reads an id alone, or an id with the mapping of message keys to the template keys', () => {
    expect(parseTemplate('AbC123xyz')).toEqual({ id: 'AbC123xyz', fields: {} })
    expect(parseTemplate(' AbC123xyz?caseNo=character_string1&summary=thing2 ')).toEqual({ id: 'AbC123xyz', fields: { caseNo: 'character_string1', summary: 'thing2' } })
    expect(parseTemplate('')).toBeNull()
    expect(parseTemplate('has space')).toBeNull()
    // A target that is not a template key shape is ignored rather than sent.
    expect(parseTemplate('AbC123xyz?caseNo=<script>')).toEqual({ id: 'AbC123xyz', fields: {} })
  })

  it('takes each kind from its own variable and leaves the unset ones out', () => {
    const env = { HX_TPL_CASE_ACCEPTED: 'Tpl0001?summary=thing2', HX_TPL_CASE_NEW: ' ' } as unknown as NodeJS.ProcessEnv
    expect(templatesFromEnv(env)).toEqual({ 'case.accepted': { id: 'Tpl0001', fields: { summary: 'thing2' } } })
  })
})

describe('sending', () => {
  it('sends under the template keys, cut to each key type’s length, with the page and build to open', async () => {
    const { api, calls } = recorder()
    const notifier = createWechatNotifier(api, {
      templates: { 'case.accepted': { id: 'Tpl0001', fields: { caseNo: 'character_string1', summary: 'thing2' } } },
      page: (m) => `pages/case/index?id=${m.caseId}`,
      miniprogramState: 'trial',
    })
    expect(await notifier.send(message)).toEqual({ ok: true })
    expect(calls).toHaveLength(1)
    expect(calls[0]!.apiName).toBe(SUBSCRIBE_SEND_API)
    expect(calls[0]!.requestData).toEqual({
      touser: 'openid-1',
      template_id: 'Tpl0001',
      data: { character_string1: { value: 'CX2611250001' }, thing2: { value: '曹城街道驿站（示例）已受理你反映的拖欠…' } },
      miniprogram_state: 'trial',
      lang: 'zh_CN',
      page: 'pages/case/index?id=c1',
    })
    expect([...(calls[0]!.requestData.data as Record<string, { value: string }>).thing2!.value]).toHaveLength(20)
  })

  it('sends nothing for a kind without a template, and says so for good', async () => {
    const { api, calls } = recorder()
    expect(await createWechatNotifier(api, { templates: {} }).send(message)).toEqual({ ok: false, final: true, reason: '模板未配置' })
    expect(calls).toEqual([])
  })

  it('stops retrying where WeChat will refuse again, and retries what may pass later', async () => {
    const send = async (answer: unknown) => createWechatNotifier(recorder(answer).api, { templates: { 'case.accepted': { id: 'Tpl0001', fields: {} } } }).send(message)
    expect(await send({ result: { errcode: 43101, errmsg: 'user refuse to accept the msg' } })).toMatchObject({ ok: false, final: true, reason: expect.stringContaining('用户没有订阅') })
    expect(await send({ result: { errcode: 47003 } })).toMatchObject({ ok: false, final: true })
    expect(await send({ result: { errcode: 45009 } })).toMatchObject({ ok: false, final: false })
    expect(await send({ code: 'SYS_ERR', message: 'busy' })).toMatchObject({ ok: false, final: false })
    expect(await send(new Error('socket hang up'))).toMatchObject({ ok: false, final: false, reason: expect.stringContaining('发送失败') })
  })
})
