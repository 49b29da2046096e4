import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ASSET_DIR, assetFileName, POSTER_FONTS } from '../../../../types/functions'
import type { Fonts, FontWeight } from '../../ports/fonts'

/**
 * The poster fonts from files on disk, each read on first use and kept (a weight is about 10 MB; only the
 * glyphs a poster uses go into its PDF).
 */
export const fontFiles = (files: Record<FontWeight, string>): Fonts => {
  const kept = new Map<FontWeight, Promise<Uint8Array>>()
  return {
    get: (weight) => {
      let bytes = kept.get(weight)
      if (!bytes) {
        bytes = readFile(files[weight]).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength))
        // A failed read is tried again next time rather than kept.
        bytes.catch(() => kept.delete(weight))
        kept.set(weight, bytes)
      }
      return bytes
    },
  }
}

/** In a cloud function: the fonts the build copied beside the bundle (`<function>/assets/`, types/functions.ts). */
export const bundledFonts = (functionDir: string): Fonts =>
  fontFiles({
    regular: join(functionDir, ASSET_DIR, assetFileName(POSTER_FONTS.regular)),
    bold: join(functionDir, ASSET_DIR, assetFileName(POSTER_FONTS.bold)),
  })
