import { NOTICE_KINDS, NOTICES, type NoticeKind } from '../../../../types/notices'
import type { DeliveryResult, Notifier, OutboundMessage } from '../../ports/notifier'

/**
 * WeChat subscribe messages (订阅消息) through the CloudBase SDK's open-API call (`app.callWxOpenApi`, action
 * `wx.api`): inside a function the platform supplies the access token, so no AppSecret lives here. The
 * function's config.json must list `subscribeMessage.send` under permissions.openapi.
 *
 * A delivery is final (the outbox stops retrying, D16) when retrying cannot help: no template configured,
 * the person has not subscribed (43101), or WeChat refuses the request itself (bad openid, template, data,
 * page). Anything else — network, platform, rate limits — is retried by the sweep.
 */

/** The slice of the SDK this needs; `app` from `tcb.init()` fits it. */
export interface WxOpenApi {
  callWxOpenApi(options: { apiName: string; requestData: unknown }): Promise<unknown>
}

/**
 * A template as configured: its id and, where the template's own data keys differ from the message's
 * (`caseNo`, `summary`), which key each goes to (`caseNo` → `character_string1`). A message key with no
 * mapping is sent under its own name.
 */
export interface TemplateSpec {
  id: string
  fields: Record<string, string>
}
export type TemplateIds = Partial<Record<NoticeKind, TemplateSpec>>

/**
 * One variable per kind: the template id, optionally followed by `?` and the key mapping in query form,
 * e.g. `HX_TPL_CASE_NEW=AbC123xyz?caseNo=character_string1&summary=thing2`.
 */
export const parseTemplate = (value: string): TemplateSpec | null => {
  const [id, query = ''] = value.trim().split('?', 2) as [string, string?]
  if (!/^[A-Za-z0-9_-]{4,128}$/.test(id)) return null
  const fields: Record<string, string> = {}
  for (const [from, to] of new URLSearchParams(query)) if (/^[a-z_]+\d+$/.test(to)) fields[from] = to
  return { id, fields }
}

export interface WechatNotifierOptions {
  templates: TemplateIds
  /** The page a message opens, e.g. `pages/case/index?id=…`; none when undefined. */
  page?: (message: OutboundMessage) => string | undefined
  /** Which build a tap opens: formal (released), trial or developer. */
  miniprogramState?: 'formal' | 'trial' | 'developer'
}

/** The HTTPS path of subscribeMessage.send, which `wx.api` takes as its API name. */
export const SUBSCRIBE_SEND_API = '/cgi-bin/message/subscribe/send'

/** The environment variables holding the template ids (types/notices.ts), one per kind. */
export const TEMPLATE_ENV_VARS = NOTICE_KINDS.map((kind) => NOTICES[kind].env)

/** Templates from the function's environment variables (HX_TPL_CASE_NEW, …); empty or malformed ones count as unset. */
export const templatesFromEnv = (env: NodeJS.ProcessEnv = process.env): TemplateIds => {
  const out: TemplateIds = {}
  for (const kind of NOTICE_KINDS) {
    const spec = parseTemplate(env[NOTICES[kind].env] ?? '')
    if (spec) out[kind] = spec
  }
  return out
}

/** `HX_MSG_PAGE` such as `pages/case/index?id={caseId}`, or no page. */
export const pageFromEnv =
  (env: NodeJS.ProcessEnv = process.env) =>
  (m: OutboundMessage): string | undefined =>
    env.HX_MSG_PAGE ? env.HX_MSG_PAGE.replace('{caseId}', encodeURIComponent(m.caseId)) : undefined

/** Errors WeChat will repeat however often we retry. */
const FINAL_ERRCODES = new Map<number, string>([
  [43101, '用户没有订阅这条消息'],
  [40003, '接收人 openid 无效'],
  [40037, '模板 id 无效'],
  [47003, '模板参数不符合要求'],
  [41030, '跳转页面不存在'],
])

/**
 * Subscribe-message values have per-type length caps (thing 20, name 10, phrase 5, character_string 32
 * characters); a longer value fails the whole message with 47003, so cut it rather than lose the message.
 */
const CAPS: Array<[RegExp, number]> = [
  [/^thing\d+$/, 20],
  [/^name\d+$/, 10],
  [/^phrase\d+$/, 5],
  [/^character_string\d+$/, 32],
]
const fit = (key: string, value: string): string => {
  const cap = CAPS.find(([re]) => re.test(key))?.[1]
  const chars = [...value]
  if (!cap || chars.length <= cap) return value
  return `${chars.slice(0, cap - 1).join('')}…`
}

const describe = (e: unknown): string =>
  e && typeof e === 'object' ? String((e as { code?: unknown }).code ?? (e as { message?: unknown }).message ?? e) : String(e)

export const createWechatNotifier = (api: WxOpenApi, options: WechatNotifierOptions): Notifier => ({
  send: async (m): Promise<DeliveryResult> => {
    const template = options.templates[m.kind]
    if (!template) return { ok: false, final: true, reason: '模板未配置' }
    const data: Record<string, { value: string }> = {}
    for (const [k, v] of Object.entries(m.data)) {
      const key = template.fields[k] ?? k
      data[key] = { value: fit(key, v) }
    }
    const page = options.page?.(m)
    const requestData = {
      touser: m.to,
      template_id: template.id,
      data,
      miniprogram_state: options.miniprogramState ?? 'formal',
      lang: 'zh_CN',
      ...(page ? { page } : {}),
    }
    let res: unknown
    try {
      res = await api.callWxOpenApi({ apiName: SUBSCRIBE_SEND_API, requestData })
    } catch (e) {
      return { ok: false, final: false, reason: `发送失败：${describe(e)}` }
    }
    const r = (res ?? {}) as { code?: unknown; message?: unknown; result?: unknown }
    // With the SDK's throwOnCode off, a platform error comes back as `{code, message}`.
    if (r.code) return { ok: false, final: false, reason: `云调用失败：${String(r.code)} ${String(r.message ?? '')}`.trim() }
    const result = (r.result ?? {}) as { errcode?: unknown; errmsg?: unknown }
    const errcode = Number(result.errcode ?? 0)
    if (!Number.isFinite(errcode)) return { ok: false, final: false, reason: `微信返回无法识别：${String(result.errcode)}` }
    if (errcode === 0) return { ok: true }
    const known = FINAL_ERRCODES.get(errcode)
    return {
      ok: false,
      final: known !== undefined,
      reason: `${known ?? '微信暂时不能发送'}（${errcode}${result.errmsg ? `：${String(result.errmsg)}` : ''}）`,
    }
  },
})
