import { execFile } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * PDFs and code images as a person sees them (test/support/pdf-render.mjs, in its own Node process): the
 * pages drawn to pictures with the PDF's own fonts, the text a reader extracts, and what a QR reader makes
 * of the picture.
 */

const SCRIPT = resolve(__dirname, 'pdf-render.mjs')

const run = <T>(options: object, input: Uint8Array): Promise<T> =>
  new Promise((done, fail) => {
    const child = execFile(process.execPath, [SCRIPT, JSON.stringify(options)], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) return fail(new Error(`pdf-render failed: ${err.message}\n${stderr}`))
      done(JSON.parse(stdout) as T)
    })
    child.stdin!.end(Buffer.from(input))
  })

export interface RenderedPage {
  page: number
  /** The page's text as a reader extracts it (runs joined). */
  text: string
  /** What a QR reader reads in the page's picture, or null. */
  qr: string | null
  width: number
  height: number
  png?: Buffer
}

/** Renders pages of a PDF (all unless named) and reads their text and QR code. */
export const renderPdf = async (pdf: Uint8Array, options: { pages?: number[]; scale?: number; png?: boolean; render?: boolean } = {}) => {
  const out = await run<{ pages: number; rendered: Array<Omit<RenderedPage, 'png'> & { png?: string }> }>({ mode: 'pdf', ...options }, pdf)
  return { pages: out.pages, rendered: out.rendered.map((p): RenderedPage => ({ ...p, png: p.png ? Buffer.from(p.png, 'base64') : undefined })) }
}

/** What a QR reader reads in an image (PNG or JPEG), or null. */
export const readQrCode = async (image: Uint8Array): Promise<string | null> => (await run<{ qr: string | null }>({ mode: 'image' }, image)).qr

/** Keeps a picture for a person to look at, under HX_SHOTS (nothing without it). */
export const keepPicture = (name: string, png: Buffer | undefined) => {
  const dir = process.env.HX_SHOTS
  if (!dir || !png) return
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${name}.png`), png)
}

/** A small, whole PDF (one empty page), optionally with something more in its catalogue (e.g. a script). */
export const pdf = (extra = ''): Uint8Array => {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R${extra}>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n`
  const xref = body.length
  return new Uint8Array(Buffer.from(`${body}xref\n0 4\n0000000000 65535 f \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'))
}
