import { strictest, textParts, verdictOf, type ContentVerdict } from '../../domain/content-safety'
import type { ContentCheck, MediaSubmission, TextVerdict } from '../../ports/content-check'
import type { Files } from '../../ports/files'
import type { WxOpenApi } from '../wechat/notifier'

/**
 * The ContentCheck port in the cloud (D24, ADR 0019): WeChat content security 2.0 through the CloudBase
 * SDK's open-API call (`app.callWxOpenApi`, action `wx.api`, as the subscribe messages go), so the platform
 * supplies the access token and no AppSecret lives here. The function's config.json must list
 * `security.msgSecCheck` and `security.mediaCheckAsync` under permissions.openapi (types/functions.ts).
 *
 *  - text: `POST /wxa/msg_sec_check` `{version: 2, openid, scene, content}` → `result: {suggest, label}`, at
 *    most 2 500 characters a call, so longer text goes in overlapping parts and the strictest part counts;
 *  - photos and voice notes: `POST /wxa/media_check_async` `{version: 2, openid, scene, media_url,
 *    media_type}` (1 audio, 2 image) → `trace_id`; the verdict comes within 30 minutes as a `wxa_media_check`
 *    message push, which the `sweep` function receives (app/content-safety.ts). WeChat downloads the file
 *    from a temporary storage URL, valid for an hour.
 */

export const MSG_SEC_CHECK_API = '/wxa/msg_sec_check'
export const MEDIA_CHECK_ASYNC_API = '/wxa/media_check_async'

/** How long the URL WeChat downloads a file from stays valid. */
export const MEDIA_URL_TTL_SECONDS = 60 * 60

/**
 * Types mediaCheckAsync reads (images: jpg, png, bmp, gif; audio: mp3, aac, …). WebP photos and the M4A and
 * WebM recordings a browser makes are not among them: those are skipped, and say so.
 */
const MEDIA_TYPE: Record<string, 1 | 2> = {
  'image/jpeg': 2,
  'image/png': 2,
  'audio/mpeg': 1,
  'audio/aac': 1,
}

interface WxReply {
  errcode?: unknown
  errmsg?: unknown
  trace_id?: unknown
  traceId?: unknown
  result?: { suggest?: unknown; label?: unknown }
}

/** The WeChat reply inside the SDK's answer, or an error that says why there is none. */
const replyOf = (res: unknown, api: string): WxReply => {
  const r = (res ?? {}) as { code?: unknown; message?: unknown; result?: unknown }
  // With the SDK's throwOnCode off, a platform error comes back as `{code, message}`.
  if (r.code) throw new Error(`${api}: ${String(r.code)} ${String(r.message ?? '')}`.trim())
  const reply = (r.result ?? {}) as WxReply
  const errcode = Number(reply.errcode ?? 0)
  if (errcode !== 0) throw new Error(`${api}: errcode ${String(reply.errcode)} ${String(reply.errmsg ?? '')}`.trim())
  return reply
}

const labelOf = (v: unknown): number => {
  const n = Number(v)
  return Number.isFinite(n) ? n : 100
}

export const cloudbaseContentCheck = (api: WxOpenApi, files: Pick<Files, 'url'>): ContentCheck => ({
  text: async ({ text, openid, scene }): Promise<TextVerdict> => {
    const parts = textParts(text)
    const verdicts: Array<{ suggest: ContentVerdict; label: number }> = []
    for (const content of parts) {
      const reply = replyOf(await api.callWxOpenApi({ apiName: MSG_SEC_CHECK_API, requestData: { version: 2, openid, scene, content } }), MSG_SEC_CHECK_API)
      const suggest = verdictOf(reply.result?.suggest)
      if (!suggest) throw new Error(`${MSG_SEC_CHECK_API}: no verdict in the reply`)
      verdicts.push({ suggest, label: labelOf(reply.result?.label) })
    }
    const suggest = strictest(verdicts.map((v) => v.suggest))
    return { suggest, label: verdicts.find((v) => v.suggest === suggest)?.label ?? 100, parts: parts.length }
  },
  media: async ({ fileId, kind, mime, openid, scene }): Promise<MediaSubmission> => {
    const mediaType = MEDIA_TYPE[mime]
    if (!mediaType || (mediaType === 2) !== (kind === 'photo')) return { skipped: `微信内容安全不能检测这种格式（${mime}）` }
    const mediaUrl = await files.url(fileId, MEDIA_URL_TTL_SECONDS)
    const reply = replyOf(
      await api.callWxOpenApi({ apiName: MEDIA_CHECK_ASYNC_API, requestData: { version: 2, openid, scene, media_url: mediaUrl, media_type: mediaType } }),
      MEDIA_CHECK_ASYNC_API,
    )
    // The HTTPS API names it trace_id; the cloud-call flavour traceId.
    const traceId = reply.trace_id ?? reply.traceId
    if (typeof traceId !== 'string' || !traceId) throw new Error(`${MEDIA_CHECK_ASYNC_API}: no trace id in the reply`)
    return { traceId }
  },
})
