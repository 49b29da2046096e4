import type { QrCodes } from '../../ports/qr-codes'
import { SCENE_MAX, STATION_CODE_PAGE } from '../../ports/qr-codes'

/**
 * Station codes in the cloud: WeChat mini-program codes from wxacode.getUnlimited (scene = the station code,
 * page = the station home), through the CloudBase SDK's open-API call as the notifier sends its messages —
 * inside a function the platform supplies the access token; the function's config.json lists
 * `wxacode.getUnlimited` under permissions.openapi. The image comes back as bytes, so this takes the SDK's
 * byte-returning call (`callCompatibleWxOpenApi`, action `wx.openApi`) rather than the JSON one
 * (`callWxOpenApi`) the notifier uses.
 *
 * The API is rate-limited: the app makes each station's code once and keeps it (app/station-codes.ts).
 */

/** The slice of the SDK this needs; `app` from `tcb.init()` fits it. */
export interface WxOpenApiBytes {
  callCompatibleWxOpenApi(options: { apiName: string; requestData: Buffer }): Promise<unknown>
}

/** The HTTPS path of wxacode.getUnlimited, which `wx.openApi` takes as its API name. */
export const GET_UNLIMITED_API = '/wxa/getwxacodeunlimit'

export type EnvVersion = 'release' | 'trial' | 'develop'

export interface WxacodeOptions {
  /** Which build a scan opens. */
  envVersion: EnvVersion
  /** Whether WeChat checks that the page exists in that build (only a released build can be checked). */
  checkPath: boolean
  /** The image's width in pixels (280–1280). */
  width?: number
}

/**
 * Per stage, from the same variable as the subscribe messages' build (HX_MP_STATE): a released mini-program
 * gets codes to its release with the page checked; a trial or developer build gets codes to that build,
 * unchecked (its pages are not published yet).
 */
export const wxacodeOptionsFromEnv = (env: NodeJS.ProcessEnv = process.env): WxacodeOptions => {
  const state = env.HX_MP_STATE
  if (state === 'trial') return { envVersion: 'trial', checkPath: false }
  if (state === 'developer') return { envVersion: 'develop', checkPath: false }
  return { envVersion: 'release', checkPath: true }
}

const isPng = (b: Uint8Array) => b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47
const isJpeg = (b: Uint8Array) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff

/** What WeChat's known refusals mean, for the error a person (an admin) may read in the logs. */
const ERRCODES = new Map<number, string>([
  [41030, '小程序码页面不存在（所选版本里没有这个页面，或还没有发布）'],
  [40097, '小程序码参数不对'],
  [45009, '小程序码生成太频繁，请稍后再试'],
  [40001, '小程序访问凭证无效'],
  [85096, '小程序码的 scene 不对'],
])

export class WxacodeError extends Error {
  constructor(
    message: string,
    readonly errcode?: number,
  ) {
    super(message)
  }
}

/** A reply that is not an image: a JSON refusal from WeChat (`{errcode, errmsg}`), as an object or as bytes. */
const refusalOf = (res: unknown): { errcode?: unknown; errmsg?: unknown } | null => {
  if (res instanceof Uint8Array) {
    try {
      return JSON.parse(Buffer.from(res).toString('utf8')) as { errcode?: unknown; errmsg?: unknown }
    } catch {
      return null
    }
  }
  return res && typeof res === 'object' ? (res as { errcode?: unknown; errmsg?: unknown }) : null
}

export const wxacodeQrCodes = (api: WxOpenApiBytes, options: WxacodeOptions): QrCodes => ({
  target: () => `wxacode ${options.envVersion} ${STATION_CODE_PAGE}`,
  make: async (scene) => {
    if (!scene || [...scene].length > SCENE_MAX) throw new WxacodeError(`scene must be 1–${SCENE_MAX} characters`)
    const request = {
      scene,
      page: STATION_CODE_PAGE,
      check_path: options.checkPath,
      env_version: options.envVersion,
      width: options.width ?? 860,
    }
    const res = await api.callCompatibleWxOpenApi({ apiName: GET_UNLIMITED_API, requestData: Buffer.from(JSON.stringify(request)) })
    if (res instanceof Uint8Array && (isPng(res) || isJpeg(res))) {
      return { bytes: new Uint8Array(res), mime: isPng(res) ? 'image/png' : 'image/jpeg', name: `${scene}.${isPng(res) ? 'png' : 'jpg'}` }
    }
    const refusal = refusalOf(res)
    const errcode = Number(refusal?.errcode)
    if (Number.isFinite(errcode) && errcode !== 0) {
      throw new WxacodeError(`${ERRCODES.get(errcode) ?? '微信没有生成小程序码'}（${errcode}${refusal?.errmsg ? `：${String(refusal.errmsg)}` : ''}）`, errcode)
    }
    throw new WxacodeError('微信返回的不是图片')
  },
})
