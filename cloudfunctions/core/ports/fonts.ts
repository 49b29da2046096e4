/**
 * The typeface posters are set in (Noto Sans SC, OFL): real font files, never the machine's fonts, so a
 * poster looks the same wherever it is made. The PDF embeds only the glyphs it uses.
 */
export type FontWeight = 'regular' | 'bold'

export interface Fonts {
  /** The TrueType bytes of a weight (read once, then kept in memory). */
  get(weight: FontWeight): Promise<Uint8Array>
}
