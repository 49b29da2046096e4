import QRCode from 'qrcode'
import { crc32, deflateSync } from 'node:zlib'
import type { QrCodes } from '../../ports/qr-codes'
import { STATION_CODE_PAGE } from '../../ports/qr-codes'

/**
 * Off the cloud there is no mini-program to open: a station's code is a standard QR code of its H5 page,
 * `<origin>/pages/index/index?scene=<code>`, which any phone camera opens. The origin is the local host's
 * (read when a code is made, since the host learns its port when it starts).
 */
export const stationUrl = (origin: string, scene: string) => `${origin.replace(/\/+$/, '')}/${STATION_CODE_PAGE}?scene=${encodeURIComponent(scene)}`

/** Pixels per module (sharp when printed 8 cm wide), and the white border in modules the QR standard asks for. */
const SCALE = 12
const QUIET = 4

const chunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0)
  return Buffer.concat([head, data, crc])
}

/**
 * The code's modules (from the qrcode library) as a black-and-white PNG: one grey channel, whole pixels per
 * module, so printing scales it without blur. Written here rather than through the library's own PNG
 * output, which pushes every pixel of a full-colour image through a streaming encoder (slow for a code made
 * for print).
 */
export const qrPng = (text: string): Uint8Array => {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const n = modules.size
  const side = (n + 2 * QUIET) * SCALE
  const row = side + 1 // a filter byte, then one byte per pixel
  const raw = Buffer.alloc(row * side, 0xff)
  for (let y = 0; y < side; y++) {
    raw[y * row] = 0
    const my = Math.floor(y / SCALE) - QUIET
    if (my < 0 || my >= n) continue
    for (let mx = 0; mx < n; mx++) {
      if (!modules.get(my, mx)) continue
      const start = y * row + 1 + (mx + QUIET) * SCALE
      raw.fill(0, start, start + SCALE)
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(side, 0)
  header.writeUInt32BE(side, 4)
  header[8] = 8 // bits per sample
  header[9] = 0 // greyscale
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength)
}

export const h5QrCodes = (origin: () => string): QrCodes => ({
  target: (scene) => stationUrl(origin(), scene),
  make: async (scene) => ({ bytes: qrPng(stationUrl(origin(), scene)), mime: 'image/png', name: `${scene}.png` }),
})
