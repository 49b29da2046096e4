import type PDFKitDocument from 'pdfkit'
import type { PosterLayout } from '../../../types/contracts/posters'
import type { Fonts, FontWeight } from '../ports/fonts'
import { A4, layoutPoster, type Measure, type PosterContent } from './poster-layout'

/**
 * Station posters as PDF: the layout of poster-layout.ts drawn with pdfkit, in Noto Sans SC embedded as a
 * subset (pdfkit keeps only the glyphs the document uses: a poster is tens of kilobytes, not the 10 MB of
 * each weight). One document holds one poster or a county's batch, a page each; the fonts are read once
 * per document.
 */

const FACE: Record<FontWeight, string> = { regular: 'NotoSansSC', bold: 'NotoSansSC-Bold' }

/**
 * pdfkit (and fontkit under it) is a large library that only poster operations use: it is loaded on the
 * first poster, so a function that never makes one (all of them share the handlers) does not pay for it
 * when it starts. Its CommonJS build, which finds its own files from `__filename`.
 */
const loadPdfkit = (): typeof PDFKitDocument => require('pdfkit') as typeof PDFKitDocument

/** A font as fontkit parses it; pdfkit takes one in place of the file's bytes. */
interface ParsedFont {
  layout: (...args: unknown[]) => unknown
}
/**
 * Each weight parsed once per process, not once per document: fontkit reads the tables of a 10 MB CJK face
 * lazily and keeps what it read (glyph metrics, layout lookups), so a second poster measures and draws with
 * what the first one learned. pdfkit still embeds a fresh subset per document.
 */
const parsed = new WeakMap<Uint8Array, ParsedFont>()
const parse = (bytes: Uint8Array): ParsedFont => {
  let font = parsed.get(bytes)
  if (!font) {
    const fontkit = require('fontkit') as { create: (b: Uint8Array) => ParsedFont }
    font = fontkit.create(bytes)
    parsed.set(bytes, font)
  }
  return font
}

export interface PosterPdf {
  /** Lays out a poster with this document's fonts (the same ones it is drawn in). */
  layout(content: PosterContent): PosterLayout
  /** A text's width in points in this document's fonts. */
  measure: Measure
  /** Draws a laid-out poster on a new page, with the station's code image (PNG or JPEG). */
  addPage(layout: PosterLayout, code: Uint8Array): void
  /** Ends the document: its bytes. */
  finish(): Promise<Uint8Array>
}

export const openPosterPdf = async (fonts: Fonts, title: string): Promise<PosterPdf> => {
  const [regular, bold] = await Promise.all([fonts.get('regular'), fonts.get('bold')])
  // No standard font: every glyph comes from the embedded face, and pdfkit never looks for its own AFM files.
  const PDFDocument = loadPdfkit()
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    font: null as unknown as string,
    info: { Title: title, Author: '菏谐驿站', Creator: '菏谐驿站' },
    lang: 'zh-CN',
  })
  doc.registerFont(FACE.regular, parse(regular) as unknown as Uint8Array)
  doc.registerFont(FACE.bold, parse(bold) as unknown as Uint8Array)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise<void>((done, fail) => {
    doc.on('end', () => done())
    doc.on('error', fail)
  })

  const measure: Measure = (text, weight, size) => doc.font(FACE[weight]).fontSize(size).widthOfString(text)

  return {
    layout: (content) => layoutPoster(content, measure),
    measure,
    addPage: (layout, code) => {
      doc.addPage({ size: [A4.width, A4.height], margin: 0 })
      for (const item of layout.items) {
        if (item.type === 'rect') {
          if (item.radius > 0) doc.roundedRect(item.x, item.y, item.w, item.h, item.radius).fill(item.fill)
          else doc.rect(item.x, item.y, item.w, item.h).fill(item.fill)
        } else if (item.type === 'code') {
          doc.image(Buffer.from(code), item.x, item.y, { width: item.size, height: item.size })
        } else {
          doc.font(FACE[item.weight]).fontSize(item.size).fillColor(item.color)
          const lineBox = item.size * item.lineHeight
          // As a browser sets a line: the glyphs' box centred in the line's box (the preview does the same).
          const halfLeading = (lineBox - doc.currentLineHeight(false)) / 2
          item.lines.forEach((line, i) => {
            const width = doc.widthOfString(line)
            const x = item.align === 'center' ? item.x + (item.w - width) / 2 : item.align === 'right' ? item.x + item.w - width : item.x
            doc.text(line, x, item.y + i * lineBox + halfLeading, { lineBreak: false })
          })
        }
      }
    },
    finish: async () => {
      doc.end()
      await ended
      const out = Buffer.concat(chunks)
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
    },
  }
}
