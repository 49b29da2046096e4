/**
 * What a photo or a voice note is, read from its bytes (D34), and the same bytes without what they carry
 * besides the picture or the sound: EXIF (with GPS), XMP, IPTC and comments in photos, ID3 tags and
 * iTunes-style metadata in voice notes. Pure: bytes in, bytes out; nothing here trusts a file name or a
 * type a client sent.
 */

export type MediaKind = 'photo' | 'voice' | 'document'

export const PHOTO_MIMES = ['image/jpeg', 'image/png', 'image/webp'] as const
export const VOICE_MIMES = ['audio/aac', 'audio/mp4', 'audio/mpeg', 'audio/webm'] as const
export type PhotoMime = (typeof PHOTO_MIMES)[number]
export type VoiceMime = (typeof VOICE_MIMES)[number]
/** Documents: PDF only (notice attachments). */
export const DOCUMENT_MIMES = ['application/pdf'] as const
export type DocumentMime = (typeof DOCUMENT_MIMES)[number]
export type MediaMime = PhotoMime | VoiceMime | DocumentMime

export interface Sniffed {
  kind: MediaKind
  mime: MediaMime
}

const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len))
const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!
const u32le = (b: Uint8Array, at: number) => b[at]! + (b[at + 1]! << 8) + (b[at + 2]! << 16) + ((b[at + 3]! << 24) >>> 0)
const u24le = (b: Uint8Array, at: number) => b[at]! + (b[at + 1]! << 8) + (b[at + 2]! << 16)

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** MP4 brands of audio files (M4A from phones, 3GP from some Android recorders, ISO base). */
const AUDIO_BRANDS = ['M4A ', 'M4B ', 'mp42', 'mp41', 'isom', 'iso2', '3gp4', '3gp5', '3gp6', 'dash']

const isAdts = (b: Uint8Array, at = 0) => b.length >= at + 7 && b[at] === 0xff && (b[at + 1]! & 0xf6) === 0xf0
/** An MPEG audio Layer III frame header (MPEG 1, 2 or 2.5). */
const isMp3Frame = (b: Uint8Array, at = 0) =>
  b.length >= at + 4 && b[at] === 0xff && (b[at + 1]! & 0xe0) === 0xe0 && ((b[at + 1]! >> 1) & 3) === 1 && ((b[at + 1]! >> 3) & 3) !== 1 && b[at + 2]! >> 4 !== 15 && b[at + 2]! >> 4 !== 0 && ((b[at + 2]! >> 2) & 3) !== 3

/**
 * The type of a file from its first bytes (magic numbers), or null for anything else: a renamed program,
 * a video, an office file. The first 64 bytes are enough; `sniff` is asked of the first chunk of an upload.
 */
export const sniff = (b: Uint8Array): Sniffed | null => {
  if (b.length >= 5 && ascii(b, 0, 5) === '%PDF-') return { kind: 'document', mime: 'application/pdf' }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { kind: 'photo', mime: 'image/jpeg' }
  if (b.length >= 8 && ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n') return { kind: 'photo', mime: 'image/png' }
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return { kind: 'photo', mime: 'image/webp' }
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp' && AUDIO_BRANDS.includes(ascii(b, 8, 4))) return { kind: 'voice', mime: 'audio/mp4' }
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3 && ascii(b, 0, Math.min(b.length, 64)).includes('webm'))
    return { kind: 'voice', mime: 'audio/webm' }
  if (b.length >= 10 && ascii(b, 0, 3) === 'ID3') return { kind: 'voice', mime: 'audio/mpeg' }
  if (isAdts(b)) return { kind: 'voice', mime: 'audio/aac' }
  if (isMp3Frame(b)) return { kind: 'voice', mime: 'audio/mpeg' }
  return null
}

/** Refusal of a file whose inside does not hold together as its type says. */
export class MediaError extends Error {}
const bad = (why: string): never => {
  throw new MediaError(why)
}

// ---------------------------------------------------------------- photos

export interface CleanPhoto {
  bytes: Uint8Array
  width: number
  height: number
}

/** The EXIF orientation (1–8) of an EXIF APP1 payload (after "Exif\0\0"), or 1. */
const exifOrientation = (tiff: Uint8Array): number => {
  if (tiff.length < 8) return 1
  const le = tiff[0] === 0x49
  const u16 = (at: number) => (le ? tiff[at]! | (tiff[at + 1]! << 8) : u16be(tiff, at))
  const u32 = (at: number) => (le ? u32le(tiff, at) : u32be(tiff, at))
  const ifd = u32(4)
  if (ifd + 2 > tiff.length) return 1
  const n = u16(ifd)
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12
    if (e + 12 > tiff.length) return 1
    if (u16(e) === 0x0112) {
      const v = u16(e + 8)
      return v >= 1 && v <= 8 ? v : 1
    }
  }
  return 1
}

/**
 * An EXIF segment that says only which way up the picture is: phones store photos sideways with an
 * orientation tag, and dropping it would show a pay slip on its side.
 */
const orientationSegment = (o: number): Uint8Array =>
  new Uint8Array([
    0xff, 0xe1, 0x00, 0x22, // APP1, length 34
    0x45, 0x78, 0x69, 0x66, 0x00, 0x00, // Exif\0\0
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF, IFD0 at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, o, 0x00, 0x00, // Orientation, SHORT, 1, value
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ])

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf])

/**
 * A JPEG with every APPn and comment segment dropped except JFIF (APP0), the colour profile (APP2 ICC) and
 * Adobe's colour transform (APP14), an orientation-only EXIF put back when the photo had one, and nothing
 * after the end-of-image marker (where some phones append a motion clip or more metadata).
 */
export const cleanJpeg = (b: Uint8Array): CleanPhoto => {
  if (!(b[0] === 0xff && b[1] === 0xd8)) bad('not a JPEG')
  const out: Uint8Array[] = [b.subarray(0, 2)]
  let orientation = 1
  let width = 0
  let height = 0
  let i = 2
  let afterApp0 = 1
  for (;;) {
    if (i >= b.length) bad('JPEG ends before its end marker')
    if (b[i] !== 0xff) bad('JPEG marker expected')
    while (b[i] === 0xff) i++
    const marker = b[i]!
    i++
    if (marker === 0xd9) {
      out.push(new Uint8Array([0xff, 0xd9]))
      break
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      out.push(new Uint8Array([0xff, marker]))
      continue
    }
    if (i + 2 > b.length) bad('JPEG segment cut short')
    const len = u16be(b, i)
    if (len < 2 || i + len > b.length) bad('JPEG segment length out of range')
    const seg = b.subarray(i - 2, i + len)
    const payload = b.subarray(i + 2, i + len)
    i += len
    if (marker === 0xe1 && ascii(payload, 0, 6) === 'Exif\0\0') {
      orientation = exifOrientation(payload.subarray(6))
      continue
    }
    const keep =
      (marker < 0xe0 || marker > 0xef) && marker !== 0xfe
        ? true
        : (marker === 0xe0 && ascii(payload, 0, 5) === 'JFIF\0') || (marker === 0xe2 && ascii(payload, 0, 12) === 'ICC_PROFILE\0') || (marker === 0xee && ascii(payload, 0, 5) === 'Adobe')
    if (!keep) continue
    if (marker === 0xe0 && out.length === 1) afterApp0 = 2
    if (SOF.has(marker)) {
      if (payload.length < 5) bad('JPEG frame header cut short')
      height = u16be(payload, 1)
      width = u16be(payload, 3)
    }
    out.push(seg)
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is not a stuffed byte or a restart marker.
      let j = i
      while (j + 1 < b.length && !(b[j] === 0xff && b[j + 1] !== 0x00 && !(b[j + 1]! >= 0xd0 && b[j + 1]! <= 0xd7))) j++
      if (j + 1 >= b.length) bad('JPEG scan runs off the end')
      out.push(b.subarray(i, j))
      i = j
    }
  }
  if (!width || !height) bad('JPEG has no frame header')
  if (orientation !== 1) out.splice(afterApp0, 0, orientationSegment(orientation))
  return { bytes: concat(out), width, height }
}

/** PNG chunks that draw the picture or its colours; everything else (eXIf, tEXt, zTXt, iTXt, tIME, …) goes. */
const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'pHYs', 'bKGD', 'acTL', 'fcTL', 'fdAT'])

export const cleanPng = (b: Uint8Array): CleanPhoto => {
  if (ascii(b, 0, 8) !== '\x89PNG\r\n\x1a\n') bad('not a PNG')
  const out: Uint8Array[] = [b.subarray(0, 8)]
  let i = 8
  let width = 0
  let height = 0
  for (;;) {
    if (i + 12 > b.length) bad('PNG ends before IEND')
    const len = u32be(b, i)
    const type = ascii(b, i + 4, 4)
    const end = i + 12 + len
    if (end > b.length) bad('PNG chunk length out of range')
    if (type === 'IHDR') {
      width = u32be(b, i + 8)
      height = u32be(b, i + 12)
    }
    if (PNG_KEEP.has(type)) out.push(b.subarray(i, end))
    i = end
    if (type === 'IEND') break
  }
  if (!width || !height) bad('PNG has no header')
  return { bytes: concat(out), width, height }
}

/** A WebP without its EXIF and XMP chunks (and their flags in VP8X). */
export const cleanWebp = (b: Uint8Array): CleanPhoto => {
  if (ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') bad('not a WebP')
  const end = Math.min(b.length, 8 + u32le(b, 4))
  const out: Uint8Array[] = []
  let i = 12
  let width = 0
  let height = 0
  while (i + 8 <= end) {
    const type = ascii(b, i, 4)
    const len = u32le(b, i + 4)
    const next = i + 8 + len + (len & 1)
    if (i + 8 + len > end) bad('WebP chunk length out of range')
    const d = i + 8
    if (type === 'VP8X') {
      const chunk = b.slice(i, Math.min(next, end))
      chunk[8] = chunk[8]! & ~0x0c
      width = u24le(b, d + 4) + 1
      height = u24le(b, d + 7) + 1
      out.push(chunk)
    } else if (type !== 'EXIF' && type !== 'XMP ') {
      if (type === 'VP8 ' && !width) {
        width = u16le(b, d + 6) & 0x3fff
        height = u16le(b, d + 8) & 0x3fff
      }
      if (type === 'VP8L' && !width) {
        const bits = u32le(b, d + 1)
        width = (bits & 0x3fff) + 1
        height = ((bits >> 14) & 0x3fff) + 1
      }
      out.push(b.subarray(i, Math.min(next, end)))
    }
    i = next
  }
  if (!width || !height) bad('WebP has no picture')
  const body = concat(out)
  const head = new Uint8Array(12)
  head.set([0x52, 0x49, 0x46, 0x46])
  const size = body.length + 4
  head.set([size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, (size >>> 24) & 0xff], 4)
  head.set([0x57, 0x45, 0x42, 0x50], 8)
  return { bytes: concat([head, body]), width, height }
}
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8)

export const cleanPhoto = (mime: PhotoMime, b: Uint8Array): CleanPhoto =>
  mime === 'image/jpeg' ? cleanJpeg(b) : mime === 'image/png' ? cleanPng(b) : cleanWebp(b)

// ---------------------------------------------------------------- voice notes

export interface CleanVoice {
  bytes: Uint8Array
  durationMs: number
}

const ADTS_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350]

/** ADTS AAC (what some phones' recorders write as .aac): the sum of its frames. It carries no tags. */
const adts = (b: Uint8Array): CleanVoice => {
  let i = 0
  let samples = 0
  let rate = 0
  while (i + 7 <= b.length) {
    if (!isAdts(b, i)) bad('AAC frame expected')
    const len = ((b[i + 3]! & 0x03) << 11) | (b[i + 4]! << 3) | (b[i + 5]! >> 5)
    const r = ADTS_RATES[(b[i + 2]! >> 2) & 0x0f]
    if (!r || len < 7 || i + len > b.length) bad('AAC frame out of range')
    rate = r
    samples += ((b[i + 6]! & 0x03) + 1) * 1024
    i += len
  }
  if (!rate) bad('AAC has no frames')
  return { bytes: b.subarray(0, i), durationMs: Math.round((samples * 1000) / rate) }
}

const MP3_KBPS: Record<'1' | '2', number[]> = {
  '1': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
}
const MP3_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] }

/** MP3 (Layer III): ID3v2 in front and ID3v1 behind are dropped; the length is the sum of its frames. */
const mp3 = (b: Uint8Array): CleanVoice => {
  let i = 0
  if (ascii(b, 0, 3) === 'ID3') {
    const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f)
    i = 10 + size + (b[5]! & 0x10 ? 10 : 0)
  }
  const start = i
  let samples = 0
  let rate = 0
  while (i + 4 <= b.length && isMp3Frame(b, i)) {
    const version = (b[i + 1]! >> 3) & 3
    const r = MP3_RATES[version]![(b[i + 2]! >> 2) & 3]!
    const kbps = MP3_KBPS[version === 3 ? '1' : '2'][b[i + 2]! >> 4]!
    const pad = (b[i + 2]! >> 1) & 1
    const perFrame = version === 3 ? 1152 : 576
    const len = Math.floor(((perFrame / 8) * kbps * 1000) / r) + pad
    if (i + len > b.length) break
    rate = r
    samples += perFrame
    i += len
  }
  if (!rate) bad('MP3 has no frames')
  // Anything after the last frame (an ID3v1 or APE tag) is not sound.
  return { bytes: b.subarray(start, i), durationMs: Math.round((samples * 1000) / rate) }
}

const BOX_CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'dinf'])

/**
 * M4A: the length from the movie header, refused when a track is a video. User data and metadata boxes
 * (where iTunes-style tags and a recording place live) become `free` boxes of the same size, so the sample
 * offsets the file holds stay true.
 */
const m4a = (src: Uint8Array): CleanVoice => {
  const b = src.slice()
  const found: { duration: number | null } = { duration: null }
  const walk = (from: number, to: number) => {
    let i = from
    while (i + 8 <= to) {
      let size = u32be(b, i)
      const type = ascii(b, i + 4, 4)
      let head = 8
      if (size === 1) {
        if (i + 16 > to) bad('MP4 box cut short')
        size = u32be(b, i + 8) * 2 ** 32 + u32be(b, i + 12)
        head = 16
      } else if (size === 0) size = to - i
      if (size < head || i + size > to) bad('MP4 box length out of range')
      if (type === 'udta' || type === 'meta' || type === 'uuid') {
        b.set([0x66, 0x72, 0x65, 0x65], i + 4)
        b.fill(0, i + head, i + size)
      } else if (type === 'mvhd') {
        const v = b[i + head]!
        const scale = u32be(b, i + head + (v === 1 ? 20 : 12))
        const d = v === 1 ? u32be(b, i + head + 24) * 2 ** 32 + u32be(b, i + head + 28) : u32be(b, i + head + 16)
        if (scale) found.duration = Math.round((d * 1000) / scale)
      } else if (type === 'hdlr') {
        const handler = ascii(b, i + head + 8, 4)
        if (handler === 'vide') bad('MP4 holds a video')
      } else if (BOX_CONTAINERS.has(type)) walk(i + head, i + size)
      i += size
    }
  }
  walk(0, b.length)
  if (found.duration === null) return bad('MP4 has no movie header')
  return { bytes: b, durationMs: found.duration }
}

/** An EBML variable-length integer at `at`: its length and value (null when all ones: "unknown size"). */
const vint = (b: Uint8Array, at: number, keepMarker: boolean): { len: number; value: number | null } => {
  const first = b[at]
  if (first === undefined || first === 0) return bad('WebM number out of range')
  let len = 1
  while (!(first & (0x80 >> (len - 1)))) len++
  if (at + len > b.length) bad('WebM number cut short')
  let value = keepMarker ? first : first & (0xff >> len)
  let allOnes = value === (0xff >> len)
  for (let k = 1; k < len; k++) {
    value = value * 256 + b[at + k]!
    if (b[at + k] !== 0xff) allOnes = false
  }
  return { len, value: !keepMarker && allOnes ? null : value }
}

/** Master elements walked into (their children read); every other element is skipped by its size. */
const EBML_OPEN = new Set([0x18538067, 0x1549a966, 0x1654ae6b, 0xae, 0x1f43b675, 0xa0])

/**
 * WebM (what a browser's MediaRecorder writes): refused when a track is a video; the length is the Info
 * duration when written, else the time of the last block (MediaRecorder leaves the duration out).
 */
const webm = (b: Uint8Array): CleanVoice => {
  let i = 0
  let scaleNs = 1_000_000
  let infoDuration: number | null = null
  let cluster = 0
  let last = 0
  let audio = false
  while (i < b.length) {
    const id = vint(b, i, true)
    const size = vint(b, i + id.len, false)
    const data = i + id.len + size.len
    if (EBML_OPEN.has(id.value!)) {
      i = data
      continue
    }
    if (size.value === null) bad('WebM element of unknown size')
    const end = data + size.value!
    if (end > b.length) {
      // A recording stopped mid-write ends in a cut block: what came before it stands.
      if (id.value === 0xa3 || id.value === 0xa1) break
      bad('WebM element runs off the end')
    }
    const uint = () => {
      let v = 0
      for (let k = data; k < end; k++) v = v * 256 + b[k]!
      return v
    }
    switch (id.value) {
      case 0x2ad7b1:
        scaleNs = uint()
        break
      case 0x4489: {
        const view = new DataView(b.buffer, b.byteOffset + data, size.value!)
        infoDuration = size.value === 4 ? view.getFloat32(0) : view.getFloat64(0)
        break
      }
      case 0x83: {
        const t = uint()
        if (t === 1) bad('WebM holds a video')
        if (t === 2) audio = true
        break
      }
      case 0xe7:
        cluster = uint()
        break
      case 0xa3:
      case 0xa1: {
        const track = vint(b, data, false)
        const rel = (b[data + track.len]! << 24) >> 16 | b[data + track.len + 1]!
        last = Math.max(last, cluster + rel)
        break
      }
    }
    i = end
  }
  if (!audio) bad('WebM has no audio track')
  const units = infoDuration !== null && infoDuration > 0 ? infoDuration : last
  return { bytes: b, durationMs: Math.round((units * scaleNs) / 1_000_000) }
}

export const cleanVoice = (mime: VoiceMime, b: Uint8Array): CleanVoice => {
  switch (mime) {
    case 'audio/aac':
      return adts(b)
    case 'audio/mpeg':
      return mp3(b)
    case 'audio/mp4':
      return m4a(b)
    case 'audio/webm':
      return webm(b)
  }
}

/** The width and height of a JPEG, PNG or WebP without changing it (thumbnails are checked with it). */
export const photoSize = (mime: PhotoMime, b: Uint8Array): { width: number; height: number } => {
  const { width, height } = cleanPhoto(mime, b)
  return { width, height }
}

// ---------------------------------------------------------------- documents

/** What makes a PDF do something by itself when it is opened: scripts, launching programs, forms, embedded files. */
const PDF_ACTIVE = ['/JavaScript', '/JS', '/Launch', '/OpenAction', '/AA', '/EmbeddedFile', '/EmbeddedFiles', '/RichMedia', '/XFA', '/SubmitForm', '/ImportData']

/**
 * A PDF as it was made: whole (its end marker near the end, a cross-reference), and without scripts, launch or
 * submit actions, embedded files or XFA forms in its dictionaries (names are read with their #xx escapes
 * undone). Its pages and words are kept as they are; a PDF compresses some dictionaries into object streams,
 * which this does not open — the phone's document viewer that opens attachments runs no PDF scripts.
 */
export const cleanPdf = (b: Uint8Array): { bytes: Uint8Array } => {
  if (b.length < 64 || ascii(b, 0, 5) !== '%PDF-') bad('not a PDF')
  const tail = ascii(b, Math.max(0, b.length - 1024), Math.min(1024, b.length))
  if (!tail.includes('%%EOF') || !tail.includes('startxref')) bad('PDF is not whole')
  let text = ''
  for (let at = 0; at < b.length; at += 8192) text += String.fromCharCode(...b.subarray(at, Math.min(b.length, at + 8192)))
  const names = text.replace(/#([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
  for (const marker of PDF_ACTIVE) {
    const re = new RegExp(`${marker.replace('/', '\\/')}(?![A-Za-z0-9])`)
    if (re.test(names)) throw new MediaError(`PDF has active content ${marker}`)
  }
  return { bytes: b }
}
