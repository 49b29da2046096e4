import { LOCAL_MEDIA_MARKERS } from '../../cloudfunctions/local/content-check'
import { mp3, plainJpeg } from './media-fixtures'

/**
 * Photos and recordings the embedded content checker judges (cloudfunctions/local/content-check.ts): its
 * marker travels in a part of the file the server keeps when it strips metadata — a photo's ICC-profile
 * segment (which a viewer ignores when it is not a real profile), a recording's sound frames.
 */
export type Marked = keyof typeof LOCAL_MEDIA_MARKERS

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0))

/** A JPEG with the checker's marker in an APP2 ICC_PROFILE segment right after the start marker. */
export const markedJpeg = (verdict: Marked, width = 64, height = 48): Uint8Array => {
  const plain = plainJpeg(width, height)
  const payload = [...ascii('ICC_PROFILE'), 0, 1, 1, ...ascii(LOCAL_MEDIA_MARKERS[verdict])]
  const app2 = [0xff, 0xe2, ((payload.length + 2) >> 8) & 0xff, (payload.length + 2) & 0xff, ...payload]
  return new Uint8Array([...plain.subarray(0, 2), ...app2, ...plain.subarray(2)])
}

/** An MP3 whose first frame's sound bytes carry the checker's marker. */
export const markedMp3 = (verdict: Marked, seconds = 2): Uint8Array => {
  const b = mp3(seconds)
  const marker = ascii(LOCAL_MEDIA_MARKERS[verdict])
  // The first frame starts after the ID3v2 tag (10-byte header + its size); its 4-byte header, then sound.
  const tagSize = 10 + ((b[6]! << 21) | (b[7]! << 14) | (b[8]! << 7) | b[9]!)
  b.set(marker, tagSize + 8)
  return b
}
