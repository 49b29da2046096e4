import Taro from '@tarojs/taro'

/**
 * The phone's camera, album and microphone (D34): photos chosen and compressed, a thumbnail made for
 * lists, voice notes recorded, and sound played back. Each build carries its own half: the mini-program
 * uses chooseMedia / compressImage / RecorderManager / InnerAudioContext, the H5 build a file input, a
 * canvas and MediaRecorder. What comes out is the same: bytes to upload and a local address to show.
 */

export interface PickedPhoto {
  /** A local address to show before (and while) it uploads. */
  preview: string
  bytes: Uint8Array
  /** A small JPEG for lists, when the phone could make one. */
  thumb?: Uint8Array
}

export interface RecordedVoice {
  preview: string
  bytes: Uint8Array
  durationMs: number
}

const weapp = process.env.TARO_ENV === 'weapp'

/** The long side of a list thumbnail, in pixels. */
const THUMB_SIDE = 320

const readWeappFile = (filePath: string): Promise<Uint8Array> =>
  new Promise((done, fail) =>
    Taro.getFileSystemManager().readFile({
      filePath,
      success: (r) => done(new Uint8Array(r.data as ArrayBuffer)),
      fail,
    }),
  )

/** A small JPEG of a photo, through the canvas the browser already decodes it with; null when it cannot. */
const h5Thumb = async (file: Blob): Promise<Uint8Array | undefined> => {
  try {
    const bitmap = await createImageBitmap(file)
    const scale = Math.min(1, THUMB_SIDE / Math.max(bitmap.width, bitmap.height))
    const canvas = document.createElement('canvas')
    canvas.width = Math.max(1, Math.round(bitmap.width * scale))
    canvas.height = Math.max(1, Math.round(bitmap.height * scale))
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
    const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/jpeg', 0.7))
    return blob ? new Uint8Array(await blob.arrayBuffer()) : undefined
  } catch {
    return undefined
  }
}

const h5Files = (accept: string, multiple: boolean): Promise<File[]> =>
  new Promise((done) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = accept
    input.multiple = multiple
    input.className = 'hx-file-input'
    input.style.display = 'none'
    input.addEventListener('change', () => {
      done(Array.from(input.files ?? []))
      input.remove()
    })
    // A person who closes the chooser without choosing: nothing comes back, and nothing is left behind.
    input.addEventListener('cancel', () => {
      done([])
      input.remove()
    })
    document.body.appendChild(input)
    input.click()
  })

/**
 * Up to `count` photos from the album or the camera. In the mini-program each is compressed first (a pay
 * slip stays readable at quality 80, and a weak signal carries a tenth of the bytes); `sizes` are those of
 * what will be sent, so a page can refuse one that is still too large before sending anything.
 */
export async function pickPhotos(count: number): Promise<Array<PickedPhoto & { size: number }>> {
  if (!weapp) {
    const files = await h5Files('image/*', count > 1)
    return Promise.all(
      files.slice(0, count).map(async (f) => ({ preview: URL.createObjectURL(f), bytes: new Uint8Array(await f.arrayBuffer()), thumb: await h5Thumb(f), size: f.size })),
    )
  }
  let chosen: Taro.chooseMedia.SuccessCallbackResult
  try {
    chosen = await Taro.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] })
  } catch {
    return []
  }
  const out: Array<PickedPhoto & { size: number }> = []
  for (const f of chosen.tempFiles) {
    const src = await Taro.compressImage({ src: f.tempFilePath, quality: 80 })
      .then((r) => r.tempFilePath)
      .catch(() => f.tempFilePath)
    const small = await Taro.compressImage({ src: f.tempFilePath, quality: 60, compressedWidth: THUMB_SIDE } as Taro.compressImage.Option)
      .then((r) => readWeappFile(r.tempFilePath))
      .catch(() => undefined)
    const bytes = await readWeappFile(src)
    out.push({ preview: src, bytes, size: bytes.length, ...(small ? { thumb: small } : {}) })
  }
  return out
}

/** A PDF chosen from the phone (in WeChat: from a chat, where documents live), with its name. */
export interface PickedDocument {
  bytes: Uint8Array
  name: string
  size: number
}

export async function pickDocument(): Promise<PickedDocument | undefined> {
  if (!weapp) {
    const [f] = await h5Files('application/pdf,.pdf', false)
    return f ? { bytes: new Uint8Array(await f.arrayBuffer()), name: f.name, size: f.size } : undefined
  }
  try {
    const chosen = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['pdf'] })
    const f = chosen.tempFiles[0]
    if (!f) return undefined
    const bytes = await readWeappFile(f.path)
    return { bytes, name: f.name, size: bytes.length }
  } catch {
    return undefined
  }
}

export type RecorderState = { recording: false } | { recording: true; startedAt: number }

export interface Recorder {
  /** Starts recording; resolves false when the microphone could not be had (no permission, in use). */
  start(): Promise<boolean>
  /** Stops and gives the recording (null when nothing usable was recorded). */
  stop(): Promise<RecordedVoice | null>
  /** Called when the recorder stops by itself at `maxMs`. */
  onAutoStop(cb: (v: RecordedVoice | null) => void): void
}

/** One recorder for a page: mp3 at 16 kHz mono in the mini-program (a minute is about 360 KB), WebM/Opus in a browser. */
export function createRecorder(maxMs: number): Recorder {
  let auto: (v: RecordedVoice | null) => void = () => undefined
  if (weapp) {
    const rm = Taro.getRecorderManager()
    let waiting: ((v: RecordedVoice | null) => void) | null = null
    let startedAt = 0
    rm.onStop((r) => {
      const finish = async () => {
        const v = r.tempFilePath ? { preview: r.tempFilePath, bytes: await readWeappFile(r.tempFilePath), durationMs: r.duration || Date.now() - startedAt } : null
        if (waiting) {
          waiting(v)
          waiting = null
        } else auto(v)
      }
      void finish()
    })
    return {
      start: () =>
        new Promise((done) => {
          rm.onStart(() => done(true))
          rm.onError(() => done(false))
          startedAt = Date.now()
          rm.start({ duration: maxMs, format: 'mp3', sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 48000 })
        }),
      stop: () =>
        new Promise((done) => {
          waiting = done
          rm.stop()
        }),
      onAutoStop: (cb) => {
        auto = cb
      },
    }
  }
  let media: MediaRecorder | null = null
  let stream: MediaStream | null = null
  let chunks: Blob[] = []
  let startedAt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let waiting: ((v: RecordedVoice | null) => void) | null = null
  const finish = async () => {
    const durationMs = Date.now() - startedAt
    stream?.getTracks().forEach((t) => t.stop())
    const blob = new Blob(chunks, { type: media?.mimeType || 'audio/webm' })
    const v = blob.size ? { preview: URL.createObjectURL(blob), bytes: new Uint8Array(await blob.arrayBuffer()), durationMs } : null
    media = null
    if (waiting) {
      waiting(v)
      waiting = null
    } else auto(v)
  }
  return {
    start: async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true })
      } catch {
        return false
      }
      chunks = []
      media = new MediaRecorder(stream, MediaRecorder.isTypeSupported('audio/webm') ? { mimeType: 'audio/webm' } : undefined)
      media.ondataavailable = (e) => {
        if (e.data.size) chunks.push(e.data)
      }
      media.onstop = () => void finish()
      startedAt = Date.now()
      media.start()
      timer = setTimeout(() => media?.state === 'recording' && media.stop(), maxMs)
      return true
    },
    stop: () =>
      new Promise((done) => {
        clearTimeout(timer)
        if (!media || media.state !== 'recording') return done(null)
        waiting = done
        media.stop()
      }),
    onAutoStop: (cb) => {
      auto = cb
    },
  }
}

export interface Player {
  play(url: string): void
  stop(): void
  destroy(): void
}

/** One player for a page: one voice note at a time, with its position for the page to show. */
export function createPlayer(on: { time: (ms: number) => void; ended: () => void; error: () => void }): Player {
  if (!weapp) {
    const audio = new Audio()
    audio.preload = 'auto'
    audio.addEventListener('timeupdate', () => on.time(Math.round(audio.currentTime * 1000)))
    audio.addEventListener('ended', () => on.ended())
    audio.addEventListener('error', () => on.error())
    return {
      play: (url) => {
        if (audio.src !== url) audio.src = url
        audio.play().catch(() => on.error())
      },
      stop: () => {
        audio.pause()
        audio.currentTime = 0
        on.ended()
      },
      destroy: () => {
        audio.pause()
        audio.removeAttribute('src')
      },
    }
  }
  const audio = Taro.createInnerAudioContext()
  audio.onTimeUpdate(() => on.time(Math.round(audio.currentTime * 1000)))
  audio.onEnded(() => on.ended())
  audio.onStop(() => on.ended())
  audio.onError(() => on.error())
  return {
    play: (url) => {
      if (audio.src !== url) audio.src = url
      audio.play()
    },
    stop: () => audio.stop(),
    destroy: () => audio.destroy(),
  }
}

/** Shows photos full size: the mini-program's viewer (zoom, save, forward); the H5 build shows its own. */
export async function previewPhotos(urls: string[], current: string): Promise<boolean> {
  if (!weapp) return false
  await Taro.previewImage({ urls, current }).catch(() => undefined)
  return true
}

/** Lets go of a local address made for a preview. */
export function releasePreview(preview: string): void {
  if (!weapp && preview.startsWith('blob:')) URL.revokeObjectURL(preview)
}
