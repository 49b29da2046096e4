import { parseNoticeBody, plainTextOf } from '../../cloudfunctions/core/app/notice-body'
import { PROVISIONED_NOTICES } from '../../cloudfunctions/core/data/policy-notices'
import { NoticeBlock, noticeLink } from '../../types/contracts/policy-notices'
import { HOSTILE_BODY } from '../support/hostile-notice'

/**
 * A notice body is parsed on the server into the safe subset (headings, paragraphs, lists, bold, allowed
 * links) and nothing else: markup, scripts, event handlers and links off the allow-list come out as words.
 */
const spans = (blocks: NoticeBlock[]) => blocks.flatMap((b) => (b.t === 'list' ? b.items.flat() : b.spans))

describe('notice bodies are parsed into the safe subset', () => {
  it('keeps hostile markup as inert text and only allowed links as links', () => {
    const { blocks, refusedLinks } = parseNoticeBody(HOSTILE_BODY)
    // Every block is of the subset, and nothing carries markup to render.
    for (const b of blocks) expect(NoticeBlock.safeParse(b).success).toBe(true)
    const all = spans(blocks)
    const text = all.map((s) => s.text).join('')
    expect(text).toContain('<script>window.__pwned = 1</script>')
    expect(text).toContain('<img src="x" onerror="window.__pwned = 2">')
    expect(text).toContain('[点我领补贴](javascript:window.__pwned=3)')
    expect(text).toContain('<iframe src="https://evil.example.com"></iframe>')
    const links = all.filter((s) => s.t !== 'text')
    expect(links).toEqual([{ t: 'page', text: '热线', bold: false, path: '/pages/hotlines/index' }, { t: 'web', text: '协议', bold: false, url: 'HTTPS://www.gov.cn/x' }])
    expect(refusedLinks).toEqual(expect.arrayContaining(['https://evil.example.com/a', 'https://www.gov.cn.evil.example.com/', '/pages/notice/index?id=ntc-1&x=1']))
    expect(blocks[0]).toEqual({ t: 'heading', level: 1, spans: [{ t: 'text', text: '标题', bold: false }] })
    const list = blocks.find((b) => b.t === 'list')
    expect(list).toMatchObject({ t: 'list', ordered: false })
    expect(list && list.t === 'list' ? list.items[0] : []).toEqual([
      { t: 'text', text: '加粗', bold: true },
      { t: 'text', text: ' 条目', bold: false },
    ])
  })

  it('allows only listed pages with id values, and https on listed hosts', () => {
    expect(noticeLink('/pages/notice/index?id=ntc-wage-payment-regulation')).toEqual({ to: 'page', path: '/pages/notice/index?id=ntc-wage-payment-regulation' })
    expect(noticeLink('/pages/notice/index?id=a%20b')).toBeNull()
    expect(noticeLink('/pages/case-new/index')).toBeNull()
    expect(noticeLink('/pages/hotlines/index?next=/admin')).toBeNull()
    expect(noticeLink('http://www.gov.cn/')).toBeNull()
    expect(noticeLink('https://www.mohrss.gov.cn/SYrlzyhshbzb/')).toEqual({ to: 'web', url: 'https://www.mohrss.gov.cn/SYrlzyhshbzb/' })
    expect(noticeLink('https://www.gov.cn:8443/')).toBeNull()
    expect(noticeLink('javascript:alert(1)')).toBeNull()
    expect(noticeLink('data:text/html,<script>')).toBeNull()
    expect(noticeLink('//www.gov.cn/')).toBeNull()
  })

  it('parses every provisioned notice with its links on the allow-list, and makes short excerpts', () => {
    for (const n of PROVISIONED_NOTICES) {
      const parsed = parseNoticeBody(n.body)
      expect({ id: n.id, refused: parsed.refusedLinks }).toEqual({ id: n.id, refused: [] })
      expect(parsed.blocks.length).toBeGreaterThan(1)
      expect(plainTextOf(parsed.blocks).length).toBeLessThanOrEqual(61)
    }
  })
})
