import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { FILE_AREAS, type FileArea, type FileBody, type Files } from '../../ports/files'

/**
 * The Files port off the cloud (D34): bytes in a folder (`.data/files/` for `npm start`) or in memory (tests,
 * benchmarks). A URL is a path on the local host, `/__files/<id>?exp=…&sig=…`, signed with the server secret
 * and short-lived: the host serves it only while the signature holds, so a URL is as good as the
 * authorization that handed it out, and no better.
 */

export const LOCAL_FILES_PREFIX = '/__files/'

/** A file id: `<area>/<32 hex>`. Nothing a caller sends is used as a path unless it has this shape. */
const ID = new RegExp(`^(${FILE_AREAS.join('|')})/[0-9a-f]{32}$`)
export const isLocalFileId = (id: string) => ID.test(id)

interface Blobs {
  write(id: string, body: FileBody): Promise<void>
  read(id: string): Promise<FileBody | null>
  delete(id: string): Promise<void>
}

export interface LocalFiles extends Files {
  /**
   * The file a signed local URL names, if the signature holds and it has not expired; else null. `path` is
   * the request's path after LOCAL_FILES_PREFIX, `search` its query.
   */
  open(path: string, search: URLSearchParams, nowMs: number): Promise<FileBody | null>
}

const localFiles = (blobs: Blobs, secret: string, now: () => number): LocalFiles => {
  const sign = (id: string, exp: number) => createHmac('sha256', secret).update(`file|${id}|${exp}`).digest('base64url')
  return {
    put: async (area: FileArea, body: FileBody) => {
      const id = `${area}/${randomBytes(16).toString('hex')}`
      await blobs.write(id, body)
      return id
    },
    get: (id) => (isLocalFileId(id) ? blobs.read(id) : Promise.resolve(null)),
    remove: async (id) => {
      if (isLocalFileId(id)) await blobs.delete(id)
    },
    url: async (id, ttlSeconds) => {
      const exp = Math.floor(now() / 1000) + ttlSeconds
      return `${LOCAL_FILES_PREFIX}${id}?exp=${exp}&sig=${sign(id, exp)}`
    },
    open: async (path, search, nowMs) => {
      const id = path
      const exp = Number(search.get('exp'))
      const sig = search.get('sig') ?? ''
      if (!isLocalFileId(id) || !Number.isInteger(exp) || exp * 1000 < nowMs) return null
      const want = Buffer.from(sign(id, exp))
      const got = Buffer.from(sig)
      if (got.length !== want.length || !timingSafeEqual(got, want)) return null
      return blobs.read(id)
    },
  }
}

/** Files in a folder: each file's bytes, and beside them a small JSON with its type and name. */
export const folderFiles = (dir: string, secret: string, now: () => number = Date.now): LocalFiles => {
  const root = resolve(dir)
  const at = (id: string) => join(root, ...id.split('/'))
  return localFiles(
    {
      write: async (id, body) => {
        const file = at(id)
        await mkdir(resolve(file, '..'), { recursive: true })
        await writeFile(file, body.bytes)
        await writeFile(`${file}.json`, JSON.stringify({ mime: body.mime, ...(body.name ? { name: body.name } : {}) }))
      },
      read: async (id) => {
        try {
          const [bytes, meta] = await Promise.all([readFile(at(id)), readFile(`${at(id)}.json`, 'utf8')])
          const { mime, name } = JSON.parse(meta) as { mime: string; name?: string }
          return { bytes: new Uint8Array(bytes), mime, ...(name ? { name } : {}) }
        } catch (e) {
          if ((e as { code?: string }).code === 'ENOENT') return null
          throw e
        }
      },
      delete: async (id) => {
        await rm(at(id), { force: true })
        await rm(`${at(id)}.json`, { force: true })
      },
    },
    secret,
    now,
  )
}

/** Files in memory, for tests and benchmarks. `stored()` lists what is kept, so a test can see nothing was. */
export const memoryFiles = (secret = 'memory-files-secret', now: () => number = Date.now): LocalFiles & { stored: () => string[] } => {
  const kept = new Map<string, FileBody>()
  const files = localFiles(
    {
      write: async (id, body) => void kept.set(id, { ...body, bytes: new Uint8Array(body.bytes) }),
      read: async (id) => kept.get(id) ?? null,
      delete: async (id) => void kept.delete(id),
    },
    secret,
    now,
  )
  return { ...files, stored: () => [...kept.keys()] }
}
