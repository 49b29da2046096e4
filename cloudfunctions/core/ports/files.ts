/**
 * Where bytes are kept (D34): photos, voice notes, attachments and generated files (posters, spreadsheets).
 * The port keeps and hands out bytes; what may be kept (type sniffed from the bytes, size, metadata
 * stripped) and who may have a file are the app's rules, checked before the port is called. A record
 * names a file by its id only, never by a URL.
 */

/** The top-level folder a file goes in: one per purpose, so storage rules and retention can tell them apart. */
export const FILE_AREAS = ['case', 'message', 'notice', 'activity', 'generated'] as const
export type FileArea = (typeof FILE_AREAS)[number]

export interface FileBody {
  bytes: Uint8Array
  /** The sniffed type, e.g. image/jpeg, application/pdf. */
  mime: string
  /** The name a download offers, e.g. 曹县驿站海报.pdf. */
  name?: string
}

export interface Files {
  /** Keeps the bytes and returns the new file's id. */
  put(area: FileArea, body: FileBody): Promise<string>
  /** The bytes and type of a file, or null if there is no such file. */
  get(id: string): Promise<FileBody | null>
  /** Removes a file; removing a missing file is not an error. */
  remove(id: string): Promise<void>
  /**
   * A short-lived URL a page can open or download. Hand one out only after the caller's authorization for
   * the record that names the file (a case, a notice, a job).
   */
  url(id: string, ttlSeconds: number): Promise<string>
}

/** How long a handed-out URL lives unless an operation needs another figure. */
export const FILE_URL_TTL_SECONDS = 10 * 60
