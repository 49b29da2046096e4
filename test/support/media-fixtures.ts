import * as jpeg from 'jpeg-js'

/**
 * Photos and voice notes made in the test, byte by byte: a JPEG with an EXIF block that carries a GPS
 * position (as a phone writes it), and short recordings in each voice format the server accepts.
 */

const be16 = (n: number) => [(n >> 8) & 0xff, n & 0xff]
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0))

/** A picture of stripes (so it compresses like a photo of paper, not like noise). */
export const plainJpeg = (width = 64, height = 48, quality = 80, noisy = false): Uint8Array => {
  const data = Buffer.alloc(width * height * 4)
  let seed = 7
  const noise = () => (noisy ? ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0x7f : 0)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      data[i] = ((x * 4) & 0xff) ^ noise()
      data[i + 1] = ((y * 5) & 0xff) ^ noise()
      data[i + 2] = (((x + y) % 16) * 16) ^ noise()
      data[i + 3] = 255
    }
  return new Uint8Array(jpeg.encode({ data, width, height }, quality).data)
}

/**
 * An EXIF APP1 segment (big-endian TIFF): IFD0 with Make, Orientation and a pointer to a GPS IFD at
 * 35.2333° N, 115.4333° E (菏泽).
 */
export const exifWithGps = (orientation = 6): Uint8Array => {
  const tiff: number[] = []
  // Header: MM, 42, IFD0 at 8.
  tiff.push(...ascii('MM'), ...be16(42), ...be32(8))
  // IFD0: 3 entries; its data after the IFD.
  const ifd0 = 8
  const ifd0Size = 2 + 3 * 12 + 4
  const makeAt = ifd0 + ifd0Size
  const make = [...ascii('HXPhone'), 0]
  const gpsAt = makeAt + make.length + (make.length & 1)
  tiff.push(...be16(3))
  tiff.push(...be16(0x010f), ...be16(2), ...be32(make.length), ...be32(makeAt))
  tiff.push(...be16(0x0112), ...be16(3), ...be32(1), ...be16(orientation), 0, 0)
  tiff.push(...be16(0x8825), ...be16(4), ...be32(1), ...be32(gpsAt))
  tiff.push(...be32(0))
  tiff.push(...make)
  if (make.length & 1) tiff.push(0)
  // GPS IFD: 4 entries (LatitudeRef, Latitude, LongitudeRef, Longitude), rationals after it.
  const gpsSize = 2 + 4 * 12 + 4
  const latAt = gpsAt + gpsSize
  const lonAt = latAt + 24
  tiff.push(...be16(4))
  tiff.push(...be16(1), ...be16(2), ...be32(2), ...ascii('N'), 0, 0, 0)
  tiff.push(...be16(2), ...be16(5), ...be32(3), ...be32(latAt))
  tiff.push(...be16(3), ...be16(2), ...be32(2), ...ascii('E'), 0, 0, 0)
  tiff.push(...be16(4), ...be16(5), ...be32(3), ...be32(lonAt))
  tiff.push(...be32(0))
  for (const [d, m, s] of [
    [35, 14, 0],
    [115, 26, 0],
  ])
    tiff.push(...be32(d!), ...be32(1), ...be32(m!), ...be32(1), ...be32(s!), ...be32(1))
  const payload = [...ascii('Exif'), 0, 0, ...tiff]
  return new Uint8Array([0xff, 0xe1, ...be16(payload.length + 2), ...payload])
}

/** A JPEG as a phone camera writes it: EXIF with GPS right after the start marker, and an XMP block and a comment too. */
export const gpsJpeg = (width = 64, height = 48, orientation = 6, noisy = false): Uint8Array => {
  const plain = plainJpeg(width, height, 80, noisy)
  const xmpPayload = [...ascii('http://ns.adobe.com/xap/1.0/'), 0, ...ascii('<x:xmpmeta><exif:GPSLatitude>35,14N</exif:GPSLatitude></x:xmpmeta>')]
  const xmp = [0xff, 0xe1, ...be16(xmpPayload.length + 2), ...xmpPayload]
  const comment = [0xff, 0xfe, ...be16(2 + 10), ...ascii('HX comment')]
  return new Uint8Array([...plain.subarray(0, 2), ...exifWithGps(orientation), ...xmp, ...comment, ...plain.subarray(2)])
}

/** A file that is a Windows program whatever its name says. */
export const exeBytes = (size = 4096): Uint8Array => {
  const b = new Uint8Array(size)
  b.set(ascii('MZ'))
  b.set(ascii('This program cannot be run in DOS mode.'), 78)
  return b
}

/** ADTS AAC at 16 kHz: `seconds` of frames of 1024 samples (64 ms each), silent payload. */
export const adtsAac = (seconds: number): Uint8Array => {
  const frames = Math.round((seconds * 16000) / 1024)
  const len = 7 + 16
  const out: number[] = []
  for (let f = 0; f < frames; f++) {
    // MPEG-4, no CRC; AAC LC; rate index 8 (16000); mono; frame length 13 bits; buffer fullness 0x7FF; 1 block.
    out.push(0xff, 0xf1, (1 << 6) | (8 << 2) | 0, (1 << 6) | ((len >> 11) & 0x03), (len >> 3) & 0xff, ((len & 7) << 5) | 0x1f, 0xfc)
    for (let i = 0; i < 16; i++) out.push(0)
  }
  return new Uint8Array(out)
}

/** MP3 (MPEG-2 Layer III, 16 kHz, 32 kbps: 144-byte frames of 576 samples) behind an ID3v2 tag with a title. */
export const mp3 = (seconds: number): Uint8Array => {
  const frames = Math.round((seconds * 16000) / 576)
  const title = ascii('HX test title')
  const frame = [...ascii('TIT2'), ...be32(title.length + 1), 0, 0, 0, ...title]
  const id3 = [...ascii('ID3'), 3, 0, 0, 0, 0, 0, frame.length, ...frame]
  const out = [...id3]
  for (let f = 0; f < frames; f++) {
    out.push(0xff, 0xf3, (4 << 4) | (2 << 2), 0xc4)
    for (let i = 4; i < 144; i++) out.push(0)
  }
  return new Uint8Array([...out, ...ascii('TAG'), ...new Array(125).fill(0)])
}

const box = (type: string, ...content: number[][]) => {
  const body = content.flat()
  return [...be32(body.length + 8), ...ascii(type), ...body]
}

/** M4A: ftyp, a movie header of `seconds`, one sound track, user data with a place (©xyz), and the samples. */
export const m4a = (seconds: number, handler: 'soun' | 'vide' = 'soun'): Uint8Array => {
  const scale = 1000
  const mvhd = box('mvhd', [0, 0, 0, 0], be32(0), be32(0), be32(scale), be32(seconds * scale), new Array(80).fill(0))
  const hdlr = box('hdlr', [0, 0, 0, 0], be32(0), ascii(handler), new Array(12).fill(0), [0])
  const trak = box('trak', box('mdia', hdlr))
  const udta = box('udta', box('\xa9xyz', be16(14), be16(0), ascii('+35.23+115.43/')))
  const moov = box('moov', mvhd, trak, udta)
  return new Uint8Array([...box('ftyp', ascii('M4A '), be32(0), ascii('M4A isom')), ...moov, ...box('mdat', new Array(64).fill(0))])
}

const ebml = (id: number[], body: number[]) => {
  const n = body.length
  // Sizes as 8-byte vints keep the builder simple.
  return [...id, 0x01, 0, 0, 0, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff, ...body]
}
const unknownSize = (id: number[], body: number[]) => [...id, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ...body]
const uint = (n: number) => be32(n)

/** WebM as MediaRecorder writes it: no duration, segment and clusters of unknown size, a block every 20 ms of 1 s clusters. */
export const webm = (seconds: number, trackType = 2): Uint8Array => {
  const header = ebml([0x1a, 0x45, 0xdf, 0xa3], ebml([0x42, 0x82], ascii('webm')))
  const info = ebml([0x15, 0x49, 0xa9, 0x66], ebml([0x2a, 0xd7, 0xb1], uint(1_000_000)))
  const tracks = ebml([0x16, 0x54, 0xae, 0x6b], ebml([0xae], [...ebml([0xd7], [1]), ...ebml([0x83], [trackType]), ...ebml([0x86], ascii('A_OPUS'))]))
  const clusters: number[] = []
  const ms = Math.round(seconds * 1000)
  for (let c = 0; c * 1000 < ms; c++) {
    const blocks: number[] = [...ebml([0xe7], uint(c * 1000))]
    for (let t = 0; t < 1000 && c * 1000 + t <= ms; t += 20) blocks.push(...ebml([0xa3], [0x81, ...be16(t), 0x80, 0, 0, 0]))
    clusters.push(...unknownSize([0x1f, 0x43, 0xb6, 0x75], blocks))
  }
  return new Uint8Array([...header, ...unknownSize([0x18, 0x53, 0x80, 0x67], [...info, ...tracks, ...clusters])])
}
