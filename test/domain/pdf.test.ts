import { cleanPdf, MediaError, sniff } from '../../cloudfunctions/core/domain/media'
import { pdf } from '../support/pdf'

/** Notice attachments: a PDF is kept only whole and without anything that acts by itself when opened. */
describe('PDF attachments', () => {
  it('keeps a whole PDF as it is', () => {
    const b = pdf()
    expect(sniff(b)).toEqual({ kind: 'document', mime: 'application/pdf' })
    expect(cleanPdf(b).bytes).toBe(b)
  })

  it.each([
    ['a script on opening', '/OpenAction<</S/JavaScript/JS(app.alert(1))>>'],
    ['a script name with #xx escapes', '/Names<</Java#53cript 5 0 R>>'],
    ['a launch action', '/AA<</O<</S/Launch/F(cmd.exe)>>>>'],
    ['an embedded file', '/Names<</EmbeddedFiles 6 0 R>>'],
    ['an XFA form', '/AcroForm<</XFA 7 0 R>>'],
  ])('refuses %s', (_name, extra) => {
    expect(() => cleanPdf(pdf(extra))).toThrow(MediaError)
  })

  it('refuses a cut-off PDF and what only starts like one', () => {
    expect(() => cleanPdf(pdf().subarray(0, 120))).toThrow(MediaError)
    expect(() => cleanPdf(new Uint8Array(Buffer.from('%PDF-1.7\n<script>'.padEnd(200, ' '))))).toThrow(MediaError)
  })

  it('does not take ordinary words for actions', () => {
    // /JSON or /Jsomething are other names; "JavaScript" in page text is not a name.
    expect(() => cleanPdf(pdf('/Metadata<</JSONish 1>>'))).not.toThrow()
    expect(() => cleanPdf(pdf('/Title(JavaScript 入门)'))).not.toThrow()
  })
})
