import { randomBytes } from 'node:crypto'
import type { ContentVerdict } from '../core/domain/content-safety'
import type { ContentCheck } from '../core/ports/content-check'
import type { Files } from '../core/ports/files'

/**
 * The embedded content checker (D24, ADR 0019), standing in for WeChat content security on the local host and
 * in the tests. It is deterministic, and its rules are in the README:
 *  - text holding 「内容安全测试：违规」 or WeChat's own test sample is `risky`, 「内容安全测试：复核」 is `review`,
 *    anything else `pass`; 「内容安全测试：故障」 makes the check fail (as a network error would) every time, and
 *    「内容安全测试：故障一次」 only the first time that text is checked (the sweep's retry then passes it);
 *  - a photo or voice note whose stored bytes hold the ASCII marker `HX-RISKY` is `risky`, `HX-REVIEW`
 *    `review`, anything else `pass`; `HX-FAIL-ONCE` makes the first check of that file fail. The verdict is not answered at once: like WeChat's, it is a
 *    `wxa_media_check` push, queued here and delivered by the local host right after the call that started
 *    the check (`takePushes`), through the same `sweep` entry as the cloud's.
 */

export const LOCAL_CHECK_WORDS = {
  risky: ['内容安全测试：违规', '特3456书yuuo莞6543李zxcz蒜7782法fgnv级'],
  review: ['内容安全测试：复核'],
  fail: '内容安全测试：故障',
  failOnce: '内容安全测试：故障一次',
} as const

export const LOCAL_MEDIA_MARKERS = { risky: 'HX-RISKY', review: 'HX-REVIEW', failOnce: 'HX-FAIL-ONCE' } as const

/** WeChat's label for 其他 (the test phrases are nothing in particular), and for normal content. */
const LABEL = { pass: 100, review: 21000, risky: 21000 } as const

/** A push as WeChat sends it to the function that receives `wxa_media_check`. */
export interface MediaCheckPushEvent {
  ToUserName: string
  FromUserName: string
  CreateTime: number
  MsgType: 'event'
  Event: 'wxa_media_check'
  appid: string
  trace_id: string
  version: 2
  result: { suggest: ContentVerdict; label: number }
  detail: Array<{ strategy: string; errcode: number; suggest: ContentVerdict; label: number; prob: number }>
}

export type EmbeddedContentCheck = ContentCheck & {
  /** The pushes waiting to be delivered, oldest first; each is handed out once. */
  takePushes(): MediaCheckPushEvent[]
}

const textVerdict = (text: string): ContentVerdict => {
  if (LOCAL_CHECK_WORDS.risky.some((w) => text.includes(w))) return 'risky'
  if (LOCAL_CHECK_WORDS.review.some((w) => text.includes(w))) return 'review'
  return 'pass'
}

const bytesVerdict = (bytes: Uint8Array): ContentVerdict => {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (b.includes(LOCAL_MEDIA_MARKERS.risky)) return 'risky'
  if (b.includes(LOCAL_MEDIA_MARKERS.review)) return 'review'
  return 'pass'
}

export const embeddedContentCheck = (files: Pick<Files, 'get'>, now: () => number = Date.now): EmbeddedContentCheck => {
  const queue: MediaCheckPushEvent[] = []
  // What has failed once already (texts by their words, files by id): the next check of it goes through.
  const failedOnce = new Set<string>()
  const once = (key: string) => {
    if (failedOnce.has(key)) return
    failedOnce.add(key)
    throw new Error('embedded content check: the test phrase for a check that fails once')
  }
  return {
    takePushes: () => queue.splice(0, queue.length),
    text: async ({ text }) => {
      if (text.includes(LOCAL_CHECK_WORDS.failOnce)) once(`text:${text}`)
      else if (text.includes(LOCAL_CHECK_WORDS.fail)) throw new Error('embedded content check: the test phrase for a failed check')
      const suggest = textVerdict(text)
      return { suggest, label: LABEL[suggest], parts: 1 }
    },
    media: async ({ fileId }) => {
      const file = await files.get(fileId)
      if (!file) return { skipped: '文件不存在' }
      if (Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength).includes(LOCAL_MEDIA_MARKERS.failOnce)) once(`file:${fileId}`)
      const suggest = bytesVerdict(file.bytes)
      const traceId = `local-${randomBytes(12).toString('hex')}`
      queue.push({
        ToUserName: 'gh_local',
        FromUserName: 'local',
        CreateTime: Math.floor(now() / 1000),
        MsgType: 'event',
        Event: 'wxa_media_check',
        appid: 'local',
        trace_id: traceId,
        version: 2,
        result: { suggest, label: LABEL[suggest] },
        detail: [{ strategy: 'content_model', errcode: 0, suggest, label: LABEL[suggest], prob: 90 }],
      })
      return { traceId }
    },
  }
}
