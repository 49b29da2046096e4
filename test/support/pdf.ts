/** A small, whole PDF (one empty page), optionally with something more in its catalogue (e.g. a script). */
export const pdf = (extra = ''): Uint8Array => {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R${extra}>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n`
  const xref = body.length
  return new Uint8Array(Buffer.from(`${body}xref\n0 4\n0000000000 65535 f \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'))
}
