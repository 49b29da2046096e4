// Renders PDF pages and reads QR codes the way a person's screen and phone camera would, for the tests
// (test/support/pdf.ts runs it): pdf.js draws each page with @napi-rs/canvas, using the fonts embedded in the
// PDF (never the machine's), and jsQR reads any QR code in the picture. A separate Node process, because
// pdf.js is an ES module and a native canvas, neither of which Jest's module registry loads well.
//
//   node test/support/pdf-render.mjs '{"mode":"pdf","pages":[1],"scale":2}' < poster.pdf
//   node test/support/pdf-render.mjs '{"mode":"image"}' < code.png
// Prints JSON: {pages, rendered: [{page, text, qr, png?}]} or {qr}.
import { createCanvas, loadImage } from '@napi-rs/canvas'
import jsQR from 'jsqr'

const options = JSON.parse(process.argv[2] ?? '{}')
const chunks = []
for await (const c of process.stdin) chunks.push(c)
const input = Buffer.concat(chunks)

/**
 * What a QR reader reads in a picture, looking at it from a few distances as a phone does (jsQR, like any
 * reader, misses some codes at one size and reads them at another).
 */
const readQr = (source, width, height) => {
  for (const scale of [1, 0.75, 0.5]) {
    const w = Math.round(width * scale)
    const h = Math.round(height * scale)
    const canvas = createCanvas(w, h)
    const ctx = canvas.getContext('2d')
    ctx.fillStyle = '#ffffff'
    ctx.fillRect(0, 0, w, h)
    ctx.drawImage(source, 0, 0, w, h)
    const { data } = ctx.getImageData(0, 0, w, h)
    const found = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), w, h)
    if (found) return found.data
  }
  return null
}

if (options.mode === 'image') {
  const image = await loadImage(input)
  process.stdout.write(JSON.stringify({ qr: readQr(image, image.width, image.height), width: image.width, height: image.height }))
} else {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  // Glyphs drawn as paths from the embedded fonts: Node has no FontFace, and the machine's fonts never count.
  const doc = await pdfjs.getDocument({ data: new Uint8Array(input), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise
  const wanted = options.pages ?? Array.from({ length: doc.numPages }, (_, i) => i + 1)
  const rendered = []
  for (const n of wanted) {
    const page = await doc.getPage(n)
    const content = await page.getTextContent()
    const text = content.items.map((i) => ('str' in i ? i.str : '')).join('')
    const out = { page: n, text, width: 0, height: 0 }
    if (options.render !== false) {
      const viewport = page.getViewport({ scale: options.scale ?? 2 })
      const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height))
      const ctx = canvas.getContext('2d')
      ctx.fillStyle = '#ffffff'
      ctx.fillRect(0, 0, canvas.width, canvas.height)
      await page.render({ canvasContext: ctx, viewport, canvas }).promise
      out.width = canvas.width
      out.height = canvas.height
      out.qr = readQr(canvas, canvas.width, canvas.height)
      if (options.png) out.png = canvas.toBuffer('image/png').toString('base64')
    }
    rendered.push(out)
  }
  process.stdout.write(JSON.stringify({ pages: doc.numPages, rendered }))
}
