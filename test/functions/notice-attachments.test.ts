import exifr from 'exifr'
import type { MediaDoc } from '../../cloudfunctions/core/app/records'
import { MEDIA_WORDS } from '../../types/contracts/media'
import { createNotice, getManagedNotice, getNotice, getNoticeRevision, submitCase, updateNotice, uploadNoticeFile } from '../../types/contracts'
import type { InputOf } from '../../types/contract'
import { onBothStores } from '../support/both-stores'
import { expectError, expectOk, submitInput, WORKER, type Harness } from '../support/harness'
import { gpsJpeg, mp3 } from '../support/media-fixtures'
import { pdf } from '../support/pdf'
import { fetchLocal, upload } from '../support/upload'

/**
 * Notice attachments (PDF and pictures) through the checked upload of ADR 15: typed from the bytes, a PDF whole
 * and without scripts, a picture without its GPS; named by the notice, opened by whoever may read it.
 */
const COUNTY = 'dev-CX-county-head'

const uploadedFile = async (h: Harness, kind: 'photo' | 'document', bytes: Uint8Array) => {
  const r = expectOk(await upload(h, COUNTY, kind, bytes, { via: uploadNoticeFile }))
  if (!r.done) throw new Error('upload did not finish')
  return r.media
}

type Input = InputOf<typeof createNotice>
const notice = (over: Partial<Input> = {}): Input => ({
  stationId: 'st-CX-0001',
  title: '附件测试通知（条例全文）',
  category: 'law',
  body: '条例全文见附件，请下载阅读。',
  publishAt: null,
  expiresAt: null,
  draft: false,
  ...over,
})

onBothStores((harness) => {
  it('attaches a PDF and a picture; workers open them by a short-lived URL; the picture has no GPS', async () => {
    const h = harness()
    const doc = await uploadedFile(h, 'document', pdf())
    const pic = await uploadedFile(h, 'photo', gpsJpeg())
    expect([doc.kind, pic.kind]).toEqual(['document', 'photo'])
    const { id } = expectOk(
      await h.op(createNotice, COUNTY, notice({ attachments: [{ id: doc.id, name: '保障农民工工资支付条例.pdf' }, { id: pic.id, name: '宣传海报' }] })),
    )
    const seen = expectOk(await h.op(getNotice, WORKER, { id }))
    expect(seen.attachments.map((a) => [a.name, a.kind])).toEqual([
      ['保障农民工工资支付条例.pdf', 'document'],
      ['宣传海报', 'photo'],
    ])
    const bytes = await fetchLocal(h, seen.attachments[0]!.url)
    expect(bytes?.mime).toBe('application/pdf')
    expect(Buffer.from(bytes!.bytes).toString('latin1').startsWith('%PDF-1.4')).toBe(true)
    const picture = await fetchLocal(h, seen.attachments[1]!.url)
    expect(await exifr.gps(Buffer.from(picture!.bytes))).toBeUndefined()
    // Named by the notice now: it cannot be named by a case too, and it stays when the notice is edited without it.
    expectError(await h.op(submitCase, COUNTY, submitInput({ media: [doc.id] })), 'REQUEST_INVALID')
    const v = expectOk(await h.op(getManagedNotice, COUNTY, { id }))
    expect(v.attachments).toHaveLength(2)
    const { stationId: _s, ...fields } = notice({ attachments: [{ id: pic.id, name: '宣传海报' }] })
    expectOk(await h.op(updateNotice, COUNTY, { id, version: v.version, ...fields }))
    expect(expectOk(await h.op(getNotice, WORKER, { id })).attachments.map((a) => a.name)).toEqual(['宣传海报'])
    expect(expectOk(await h.op(getNoticeRevision, COUNTY, { id, rev: 1 })).attachmentNames).toEqual(['保障农民工工资支付条例.pdf', '宣传海报'])
    expect((await h.store.get<MediaDoc>('media', doc.id))!.caseId).toBe(id)
  })

  it('refuses a PDF with a script, a broken PDF, a voice note, and someone else’s upload, writing no notice', async () => {
    const h = harness()
    expect(expectError(await upload(h, COUNTY, 'document', pdf('/OpenAction<</S/JavaScript/JS(app.alert(1))>>'), { via: uploadNoticeFile }), 'FILE_REFUSED').message).toBe(MEDIA_WORDS.documentActive)
    expect(expectError(await upload(h, COUNTY, 'document', pdf('/Names<</Java#53cript 5 0 R>>'), { via: uploadNoticeFile }), 'FILE_REFUSED').message).toBe(MEDIA_WORDS.documentActive)
    expect(expectError(await upload(h, COUNTY, 'document', pdf().subarray(0, 120), { via: uploadNoticeFile }), 'FILE_REFUSED').message).toBe(MEDIA_WORDS.documentBroken)
    expect(expectError(await upload(h, COUNTY, 'document', gpsJpeg(), { via: uploadNoticeFile }), 'FILE_REFUSED').message).toBe(MEDIA_WORDS.documentType)
    expect(expectError(await upload(h, COUNTY, 'voice', mp3(2), { via: uploadNoticeFile }), 'FILE_REFUSED').message).toBe(MEDIA_WORDS.notHere)
    // A worker's case upload takes no PDF.
    expect(expectError(await upload(h, WORKER, 'document', pdf()), 'FILE_REFUSED').message).toBe(MEDIA_WORDS.notHere)
    // Someone else's upload cannot be named.
    const other = expectOk(await upload(h, 'dev-SX-county-head', 'document', pdf(), { via: uploadNoticeFile }))
    if (!other.done) throw new Error('upload did not finish')
    const before = await h.store.count('policy_notices')
    const e = expectError(await h.op(createNotice, COUNTY, notice({ attachments: [{ id: other.media.id, name: '别人的文件' }] })), 'REQUEST_INVALID')
    expect(e).toMatchObject({ message: '附件已失效，请删掉后重新添加', fields: ['attachments'] })
    expect(await h.store.count('policy_notices')).toBe(before)
  })
})
