/**
 * WeChat's own APIs as a weapp page test stands them in (miniprogram-simulate runs the built pages against the
 * global `wx` of test/weapp/support/weapp-harness.ts): how an API answers, a test's own answers for some of them
 * — put back after the test, so no test sees another's — and the photo pipeline the pickers use (chooseMedia,
 * compressImage, the temporary files read back).
 */

type Callbacks<T> = { success?: (r: T) => void; complete?: () => void }

/** Answers a call as WeChat does: its `success` and `complete` callbacks, and the promise Taro waits on. */
export const answerWx = <T>(o: Callbacks<T> | object | undefined, r: T): Promise<T> => {
  const cb = o as Callbacks<T> | undefined
  cb?.success?.(r)
  cb?.complete?.()
  return Promise.resolve(r)
}

const wxOf = () => (global as unknown as { wx: Record<string, unknown> }).wx

/** What `stubWx` replaced, newest last: put back by `restoreWx`. */
const replaced: Array<{ key: string; had: boolean; value: unknown }> = []

/**
 * Answers these WeChat APIs the test's way until the test ends (setUpWeappHarness puts the harness's own answers
 * back after each test with `restoreWx`). Taro calls `wx[name]` at each call, so a stub reaches the page at once.
 */
export function stubWx(stubs: Record<string, unknown>): void {
  const wx = wxOf()
  for (const [key, value] of Object.entries(stubs)) {
    replaced.push({ key, had: Object.prototype.hasOwnProperty.call(wx, key), value: wx[key] })
    wx[key] = value
  }
}

/** Puts back every API `stubWx` replaced, in reverse order (a key stubbed twice gets its first value back). */
export function restoreWx(): void {
  const wx = wxOf()
  while (replaced.length) {
    const r = replaced.pop()!
    if (r.had) wx[r.key] = r.value
    else delete wx[r.key]
  }
}

export interface PhotoPipeline {
  /** The photos chooseMedia hands back, as the person picked them (set before the tap). */
  chosen: Array<{ tempFilePath: string; size: number }>
  /** What the page asked for, in order: chooseMedia's options, then each compressImage. */
  seen: Array<Record<string, unknown>>
}

/**
 * What a photo picker asks of the pipeline for one photo picked (up to nine at a time): chooseMedia, then the
 * photo compressed at quality 80 and its thumbnail at 60, 320 wide.
 */
export const askedForOnePhoto = (src: string): PhotoPipeline['seen'] => [
  { chooseMedia: { count: 9, mediaType: ['image'], sizeType: ['compressed'] } },
  { src, quality: 80 },
  { src, quality: 60, compressedWidth: 320 },
]

/**
 * The phone's photo pipeline for this test: chooseMedia hands back `chosen`; compressImage turns `x.jpg` into
 * `x-c.jpg` (the photo) or `x-t.jpg` (its thumbnail, with compressedWidth); the file system reads `files` (any
 * other path fails). `hold`, when given, runs before chooseMedia answers (WeChat's privacy check): false refuses.
 */
export function stubPhotoPipeline(files: Record<string, Uint8Array>, opts: { chosen?: PhotoPipeline['chosen']; hold?: () => Promise<boolean> | null } = {}): PhotoPipeline {
  const pipeline: PhotoPipeline = { chosen: opts.chosen ?? [], seen: [] }
  type ChooseOptions = Callbacks<unknown> & { fail?: (e: unknown) => void; count: number; mediaType: string[]; sizeType: string[] }
  const choose = (o: ChooseOptions) => {
    pipeline.seen.push({ chooseMedia: { count: o.count, mediaType: o.mediaType, sizeType: o.sizeType } })
    return answerWx(o, { type: 'image', tempFiles: pipeline.chosen.map((f) => ({ ...f, fileType: 'image' })) })
  }
  stubWx({
    chooseMedia: (o: ChooseOptions) => {
      const held = opts.hold?.()
      if (!held) return choose(o)
      return held.then((agreed) => {
        if (agreed) return choose(o)
        const e = { errMsg: 'chooseMedia:fail privacy permission is not authorized' }
        o.fail?.(e)
        throw e
      })
    },
    compressImage: (o: Callbacks<unknown> & { src: string; quality: number; compressedWidth?: number }) => {
      pipeline.seen.push({ src: o.src, quality: o.quality, ...(o.compressedWidth ? { compressedWidth: o.compressedWidth } : {}) })
      return answerWx(o, { tempFilePath: o.src.replace('.jpg', o.compressedWidth ? '-t.jpg' : '-c.jpg') })
    },
    getFileSystemManager: () => ({
      readFile: (o: { filePath: string; success: (r: { data: ArrayBuffer }) => void; fail: (e: unknown) => void }) => {
        const b = files[o.filePath]
        return b ? o.success({ data: b.slice().buffer }) : o.fail(new Error(`no file ${o.filePath}`))
      },
    }),
  })
  return pipeline
}
