import { z } from 'zod'
import { defineContract } from '../contract'
import { Id } from '../values'

/**
 * Photos and voice notes (D34, ADR 15). A file travels in chunks through the ordinary envelope, the same on
 * both runtimes and under the local host's body limit; the last chunk brings the photo's thumbnail, and the
 * server sniffs, measures and strips what it got before it keeps anything. What comes back is a media id:
 * a case stores media ids, never URLs, and URLs are handed out by `case.media` / `case.myMedia` only after
 * the case's own authorization.
 */

/** Limits a page shows and checks before sending, and the server checks again (one place for each). */
export const MEDIA_LIMITS = {
  /** Bytes of one photo or voice note. */
  fileBytes: 10 * 1024 * 1024,
  /** Photos on one case form or message. */
  photos: 9,
  /** Voice notes on one case form or message. */
  voices: 1,
  /** The longest voice note. */
  voiceMs: 60_000,
  /** Raw bytes of one chunk (base64 makes it 4/3 larger: 128 KB, under the local host's 256 KB body). */
  chunkBytes: 96 * 1024,
  /** The thumbnail a page makes for lists: JPEG, at most this many bytes and this long a side. */
  thumbBytes: 48 * 1024,
  thumbSide: 480,
  /** New uploads one person may start in an hour, and bytes in a day. */
  uploadsPerHour: 40,
  bytesPerDay: 200 * 1024 * 1024,
} as const

/** What a refusal says: what went wrong and what to do. */
export const MEDIA_WORDS = {
  photoTooLarge: '照片超过 10MB，请压缩后再试',
  voiceTooLarge: '录音超过 10MB，请重新录一段短一些的',
  photoType: '只能上传照片（JPG、PNG 或 WebP），请重新选择',
  voiceType: '这段录音的格式无法识别，请重新录一段',
  photoBroken: '这张照片打不开，可能已损坏，请换一张',
  voiceBroken: '这段录音打不开，可能没录完整，请重新录一段',
  voiceTooLong: '录音最长 60 秒，请分成几段来说',
  voiceEmpty: '录音太短了，请按住多说几句',
  tooMany: '上传太频繁了，请过一小时再试；着急可以拨打 12333',
  lost: '上传中断了，请重新添加这个文件',
  tooManyPhotos: '照片最多 9 张',
  tooManyVoices: '每次只能附 1 段录音',
  gone: '照片或录音已失效，请删掉后重新添加',
  documentTooLarge: '文件超过 10MB，请压缩或拆分后再试',
  documentType: '只能上传 PDF 文件，请重新选择',
  documentBroken: '这个 PDF 打不开或不完整，请重新导出后再试',
  documentActive: '这个 PDF 含有脚本、表单或嵌入的文件，不能上传；请“打印为 PDF”另存一份再试',
  notHere: '这里不能上传这种文件',
  tooManyAttachments: '附件最多 9 个',
} as const

/** `document`: a PDF, for notice attachments only (a case takes photos and voice notes). */
export const MediaKind = z.enum(['photo', 'voice', 'document'])
export type MediaKind = z.infer<typeof MediaKind>

/** Base64 of at most `bytes` raw bytes. */
const base64Of = (bytes: number) =>
  z
    .string()
    .max(Math.ceil(bytes / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容格式不对，请重新添加')

/** A photo or voice note as a case or message names it, with the facts a page shows before opening it. */
export const MediaRef = z.object({
  id: Id,
  kind: MediaKind,
  /** Voice notes: the length the server measured from the sound itself. */
  durationMs: z.number().int().nonnegative().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
})
export type MediaRef = z.infer<typeof MediaRef>

/** The fields of one chunk (the upload operations that name more, e.g. a station, add theirs with `uploadChunkWith`). */
const UPLOAD_CHUNK_FIELDS = {
  /** Chosen by the page for one file: every chunk of it, and every retry of a chunk, names it. */
  uploadId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '上传编号格式不对，请重新添加'),
  kind: MediaKind,
  /** The whole file's size in bytes. */
  size: z.number().int().min(1, '文件是空的，请重新添加'),
  /** Which chunk this is, from 0; chunks are sent in order, each `chunkBytes` long but the last. */
  index: z.number().int().min(0).max(Math.ceil(MEDIA_LIMITS.fileBytes / MEDIA_LIMITS.chunkBytes)),
  data: base64Of(MEDIA_LIMITS.chunkBytes),
  /** With the last chunk of a photo: its thumbnail for lists (JPEG), made by the page. */
  thumb: base64Of(MEDIA_LIMITS.thumbBytes).optional(),
}

/** Over 10 MB is refused before a byte is kept, in the words of what it is. */
const withinSize = (v: { kind: MediaKind; size: number }, ctx: z.RefinementCtx) => {
  if (v.size > MEDIA_LIMITS.fileBytes)
    ctx.addIssue({ code: 'custom', path: ['size'], message: v.kind === 'photo' ? MEDIA_WORDS.photoTooLarge : v.kind === 'voice' ? MEDIA_WORDS.voiceTooLarge : MEDIA_WORDS.documentTooLarge })
}

export const UploadChunkInput = z.strictObject(UPLOAD_CHUNK_FIELDS).superRefine(withinSize)

/** One chunk for a station's own record (an activity's photo): the station whose officers may upload it. */
export const StationUploadChunkInput = z.strictObject({ ...UPLOAD_CHUNK_FIELDS, stationId: Id }).superRefine(withinSize)

export const UploadChunkOutput = z.discriminatedUnion('done', [
  z.object({ done: z.literal(false), received: z.number().int() }),
  z.object({ done: z.literal(true), media: MediaRef }),
])

/**
 * One chunk of a photo or voice note for the worker's case form. Anyone signed in may upload for their own
 * form (the media belongs to them until a case they file names it); uploads are limited per person.
 */
export const uploadMedia = defineContract({
  fn: 'worker',
  op: 'media.upload',
  audience: 'user',
  input: UploadChunkInput,
  output: UploadChunkOutput,
})

/** A photo or voice note with short-lived URLs to show or play it. */
export const MediaView = MediaRef.extend({
  url: z.string(),
  /** Photos with a thumbnail: the small picture for lists (else the page shows `url`). */
  thumbUrl: z.string().optional(),
  /** Officers only (ADR 0019): what content security found in it, in words (「疑似含有敏感内容」). */
  note: z.string().optional(),
  /** Officers only: judged risky, so shown blurred until the officer chooses to open it. */
  blurred: z.boolean().optional(),
})
export type MediaView = z.infer<typeof MediaView>

const MediaOutput = z.object({
  items: z.array(MediaView),
  /** When the URLs stop working (epoch ms): a page open longer asks again. */
  expiresAt: z.number(),
})

/** The photos and voice notes of a case, for an officer who may see the case. */
/**
 * Which media: without `ids`, those filed with the case; with them, those of the case's messages the page
 * shows (any id that is not the case's own, or for the worker not public, is left out).
 */
const MediaQuery = z.strictObject({ id: Id, ids: z.array(Id).max(200).optional() })

export const getCaseMedia = defineContract({
  fn: 'officer',
  op: 'case.media',
  audience: 'officer',
  caseAccess: 'view',
  input: MediaQuery,
  output: MediaOutput,
})

/** The photos and voice notes of the worker's own case. */
export const getMyCaseMedia = defineContract({
  fn: 'worker',
  op: 'case.myMedia',
  audience: 'user',
  workerCase: true,
  input: MediaQuery,
  output: MediaOutput,
})

/** The operations of this file by name (handlers/media.handlers.ts has one handler for each). */
export const MEDIA_CONTRACTS = { uploadMedia, getCaseMedia, getMyCaseMedia } as const
