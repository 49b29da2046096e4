import { randomBytes } from 'node:crypto'
import type * as tcb from '@cloudbase/node-sdk'
import { FILE_AREAS, type FileArea, type FileBody, type Files } from '../../ports/files'

/**
 * The Files port in the cloud (D34): CloudBase storage, with the storage rules in the repository keeping
 * every file private (only functions read or write), so the only way to a file is a temporary URL a
 * function hands out after its own authorization. The file id is CloudBase's `fileID`.
 *
 * Storage keeps no metadata of ours: the type travels in the path's extension, and the name a download
 * offers is kept by the record that names the file.
 */

type App = ReturnType<typeof tcb.init>

const EXT_OF: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'audio/aac': 'aac',
  'audio/mp4': 'm4a',
  'audio/mpeg': 'mp3',
  'audio/webm': 'webm',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/csv': 'csv',
}
const MIME_OF = Object.fromEntries(Object.entries(EXT_OF).map(([m, e]) => [e, m]))

const areaOf = (id: string): FileArea | null => {
  const path = id.replace(/^cloud:\/\/[^/]+\//, '')
  const area = path.split('/')[0] as FileArea
  return FILE_AREAS.includes(area) ? area : null
}

const fail = (what: string, r: { code?: string; message?: string }) => new Error(`storage ${what} failed: ${r.code ?? ''} ${r.message ?? ''}`.trim())

export const cloudbaseFiles = (app: App): Files => ({
  put: async (area, body: FileBody) => {
    const ext = EXT_OF[body.mime] ?? 'bin'
    const r = await app.uploadFile({ cloudPath: `${area}/${randomBytes(16).toString('hex')}.${ext}`, fileContent: Buffer.from(body.bytes) })
    if (!r.fileID) throw fail('upload', r as { code?: string; message?: string })
    return r.fileID
  },
  get: async (id) => {
    // Only files of our own areas: an id a caller made up never reaches another folder of the bucket.
    if (!areaOf(id)) return null
    try {
      const r = await app.downloadFile({ fileID: id })
      if (!r.fileContent) return null
      const ext = id.split('.').pop() ?? ''
      return { bytes: new Uint8Array(Buffer.from(r.fileContent)), mime: MIME_OF[ext] ?? 'application/octet-stream' }
    } catch (e) {
      if (/NONEXIST|not ?exist|not ?found|NoSuchKey/i.test(String((e as { code?: string; message?: string }).code ?? '') + String((e as Error).message ?? ''))) return null
      throw e
    }
  },
  remove: async (id) => {
    if (!areaOf(id)) return
    await app.deleteFile({ fileList: [id] })
  },
  url: async (id, ttlSeconds) => {
    if (!areaOf(id)) throw new Error('not a file of this service')
    const r = await app.getTempFileURL({ fileList: [{ fileID: id, maxAge: ttlSeconds }] })
    const got = r.fileList?.[0]
    if (!got?.tempFileURL || (got.code && got.code !== 'SUCCESS')) throw fail('temp URL', { code: got?.code, message: (r as { message?: string }).message })
    return got.tempFileURL
  },
})
