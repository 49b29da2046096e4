import type { ContentVerdict } from '../domain/content-safety'

/**
 * Content security (D24, ADR 0019): WeChat's `security.msgSecCheck` (text, answered at once) and
 * `security.mediaCheckAsync` (photos and voice notes, answered later by a message push) in the cloud; a
 * deterministic embedded checker locally. The port only asks; what is done with a verdict (recorded beside
 * the case, a badge for officers, never a refusal) is the app's (app/content-safety.ts).
 */

export type { ContentVerdict }

/**
 * WeChat's scene values: 1 资料 · 2 评论 · 3 论坛 · 4 社交日志. A grievance and its photos are words to one
 * organisation, read by its officers and nobody else: 评论 is the nearest (ADR 0019).
 */
export type ContentScene = 1 | 2 | 3 | 4

export interface TextCheckRequest {
  text: string
  /** Whose words (the caller of the operation that stored them, from the function context). */
  openid: string
  scene: ContentScene
}

export interface TextVerdict {
  /** The strictest verdict of the text's parts. */
  suggest: ContentVerdict
  /** WeChat's label of that part (100 normal, 20001 politics, 20002 porn, 20006 crime, …), 100 when none. */
  label: number
  /** How many calls the text took (long text is checked in parts). */
  parts: number
}

export interface MediaCheckRequest {
  /** The file (Files port id) to check. */
  fileId: string
  kind: 'photo' | 'voice'
  /** The sniffed type: some the check cannot read. */
  mime: string
  openid: string
  scene: ContentScene
}

/** A check under way, matched to its verdict by `traceId`; or why none was started. */
export type MediaSubmission = { traceId: string } | { skipped: string }

/**
 * The verdict on a photo or voice note, as it arrives: in the cloud a `wxa_media_check` message push, locally
 * the embedded checker's own push (delivered by the local host after the call that started the check).
 */
export interface MediaVerdict {
  traceId: string
  suggest: ContentVerdict
  label: number
}

export interface ContentCheck {
  /** Checks text now; long text in parts. Throws when the check could not be made. */
  text(request: TextCheckRequest): Promise<TextVerdict>
  /** Starts the check of a photo or voice note; the verdict comes later, by its trace id. */
  media(request: MediaCheckRequest): Promise<MediaSubmission>
}
