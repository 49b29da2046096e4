import exifr from 'exifr'
import * as jpeg from 'jpeg-js'
import { cleanJpeg, cleanPng, cleanVoice, cleanWebp, MediaError, sniff } from '../../cloudfunctions/core/domain/media'
import { adtsAac, exeBytes, gpsJpeg, m4a, mp3, plainJpeg, webm } from '../support/media-fixtures'

const ascii = (b: Uint8Array) => Buffer.from(b).toString('latin1')

describe('sniffing the type from the bytes', () => {
  it.each([
    ['JPEG', plainJpeg(), 'image/jpeg'],
    ['PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]), 'image/png'],
    ['WebP', new Uint8Array([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8 ')]), 'image/webp'],
    ['ADTS AAC', adtsAac(1), 'audio/aac'],
    ['MP3 with ID3', mp3(1), 'audio/mpeg'],
    ['MP3 without ID3', mp3(1).subarray(10 + 24), 'audio/mpeg'],
    ['M4A', m4a(3), 'audio/mp4'],
    ['WebM', webm(1), 'audio/webm'],
    // Notice attachments; a case's upload still refuses it (app/media.ts, by kind).
    ['a PDF', new Uint8Array(Buffer.from('%PDF-1.7\n')), 'application/pdf'],
  ])('knows %s', (_name, bytes, mime) => {
    expect(sniff(bytes)?.mime).toBe(mime)
  })

  it.each([
    ['a renamed .exe', exeBytes()],
    ['a zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0])],
    ['a GIF', new Uint8Array(Buffer.from('GIF89a......'))],
    ['an HTML page', new Uint8Array(Buffer.from('<!doctype html><script>'))],
    ['nothing', new Uint8Array()],
  ])('refuses %s', (_name, bytes) => {
    expect(sniff(bytes)).toBeNull()
  })
})

describe('photos lose their metadata', () => {
  it('the GPS position, the camera, XMP and comments are gone from a JPEG; the orientation and the picture stay', async () => {
    const original = gpsJpeg(64, 48, 6)
    // The fixture is what a phone writes: exifr reads the position from it.
    expect(await exifr.gps(Buffer.from(original))).toMatchObject({ latitude: expect.closeTo(35.233, 2), longitude: expect.closeTo(115.433, 2) })
    const clean = cleanJpeg(original)
    expect([clean.width, clean.height]).toEqual([64, 48])
    expect(await exifr.gps(Buffer.from(clean.bytes))).toBeUndefined()
    const tags = await exifr.parse(Buffer.from(clean.bytes), { tiff: true, xmp: true, gps: true, ifd1: true, exif: true })
    expect(tags).toEqual({ Orientation: 'Rotate 90 CW' })
    expect(ascii(clean.bytes)).not.toMatch(/HXPhone|xmpmeta|HX comment|GPS/)
    // Still the same picture, decoded pixel for pixel.
    expect(Buffer.from(jpeg.decode(clean.bytes).data).equals(Buffer.from(jpeg.decode(original).data))).toBe(true)
  })

  it('a JPEG with no EXIF keeps no EXIF, and bytes after the end marker are dropped', async () => {
    const plain = plainJpeg()
    const withTail = new Uint8Array([...plain, ...Buffer.from('trailing motion clip with GPS')])
    const clean = cleanJpeg(withTail)
    expect(clean.bytes).toEqual(plain)
    expect(await exifr.parse(Buffer.from(clean.bytes))).toBeUndefined()
  })

  it('refuses a JPEG cut short', () => {
    const plain = plainJpeg()
    expect(() => cleanJpeg(plain.subarray(0, plain.length - 40))).toThrow(MediaError)
    expect(() => cleanJpeg(plain.subarray(0, 30))).toThrow(MediaError)
  })

  it('drops text, time and EXIF chunks from a PNG', () => {
    const chunk = (type: string, data: number[]) => [...be32(data.length), ...Buffer.from(type), ...data, 0, 0, 0, 0]
    const png = new Uint8Array([
      ...Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
      ...chunk('IHDR', [...be32(20), ...be32(10), 8, 6, 0, 0, 0]),
      ...chunk('tEXt', [...Buffer.from('Location\0Heze')]),
      ...chunk('eXIf', [...Buffer.from('MM\0*GPS')]),
      ...chunk('IDAT', [1, 2, 3]),
      ...chunk('tIME', [7, 234, 11, 25, 10, 0, 0]),
      ...chunk('IEND', []),
    ])
    const clean = cleanPng(png)
    expect([clean.width, clean.height]).toEqual([20, 10])
    expect(ascii(clean.bytes)).not.toMatch(/tEXt|eXIf|tIME|Heze|GPS/)
    expect(ascii(clean.bytes)).toMatch(/IHDR.*IDAT.*IEND/s)
  })

  it('drops EXIF and XMP chunks from a WebP and clears their flags', () => {
    const chunk = (type: string, data: number[]) => [...Buffer.from(type), ...le32(data.length), ...data, ...(data.length & 1 ? [0] : [])]
    const vp8x = [0x0c, 0, 0, 0, 19, 0, 0, 9, 0, 0]
    const body = [...Buffer.from('WEBP'), ...chunk('VP8X', vp8x), ...chunk('VP8L', [0x2f, 0, 0, 0, 0]), ...chunk('EXIF', [...Buffer.from('MM\0*GPS')]), ...chunk('XMP ', [...Buffer.from('<x/>')])]
    const webp = new Uint8Array([...Buffer.from('RIFF'), ...le32(body.length), ...body])
    const clean = cleanWebp(webp)
    expect([clean.width, clean.height]).toEqual([20, 10])
    expect(ascii(clean.bytes)).not.toMatch(/EXIF|XMP|GPS/)
    expect(clean.bytes[20]! & 0x0c).toBe(0)
    expect(clean.bytes.length - 8).toBe(Buffer.from(clean.bytes).readUInt32LE(4))
  })
})

describe('voice notes: their length from the sound, their tags dropped', () => {
  it.each([
    ['ADTS AAC', 'audio/aac', adtsAac(5)],
    ['MP3', 'audio/mpeg', mp3(5)],
    ['M4A', 'audio/mp4', m4a(5)],
    ['WebM without a duration', 'audio/webm', webm(5)],
  ] as const)('measures %s', (_name, mime, bytes) => {
    expect(cleanVoice(mime, bytes).durationMs).toBeGreaterThanOrEqual(4900)
    expect(cleanVoice(mime, bytes).durationMs).toBeLessThanOrEqual(5100)
  })

  it('measures a 61 s WebM as longer than 60 s', () => {
    expect(cleanVoice('audio/webm', webm(61)).durationMs).toBeGreaterThan(60_500)
  })

  it('drops the ID3 tags of an MP3', () => {
    const clean = cleanVoice('audio/mpeg', mp3(2))
    expect(ascii(clean.bytes)).not.toMatch(/ID3|TIT2|HX test title|TAG/)
    expect(clean.bytes[0]).toBe(0xff)
  })

  it('blanks the user data of an M4A (a recording place lives there) without moving anything', () => {
    const original = m4a(3)
    const clean = cleanVoice('audio/mp4', original)
    expect(clean.bytes.length).toBe(original.length)
    expect(ascii(clean.bytes)).not.toMatch(/udta|xyz|\+35\.23/)
    expect(ascii(clean.bytes)).toMatch(/free/)
  })

  it('refuses a video in an audio container', () => {
    expect(() => cleanVoice('audio/mp4', m4a(3, 'vide'))).toThrow(MediaError)
    expect(() => cleanVoice('audio/webm', webm(1, 1))).toThrow(MediaError)
  })

  it('refuses a recording that is not what its first bytes say', () => {
    expect(() => cleanVoice('audio/aac', new Uint8Array([0xff, 0xf1, 0, 0, 0, 0, 0, 1, 2, 3]))).toThrow(MediaError)
    expect(() => cleanVoice('audio/mp4', m4a(3).subarray(0, 40))).toThrow(MediaError)
  })
})

function be32(n: number) {
  return [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
}
function le32(n: number) {
  return [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff]
}
