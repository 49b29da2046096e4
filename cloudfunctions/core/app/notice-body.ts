import MarkdownIt from 'markdown-it'
import { noticeLink, type NoticeBlock, type NoticeSpan } from '../../../types/contracts/policy-notices'

/**
 * A notice body is markdown written by an officer and read by every worker below the station: it is parsed
 * here, on the server, by markdown-it with HTML off and only the rules of the safe subset on (headings,
 * paragraphs, lists, bold, links), into blocks of plain spans (`NoticeBlock`). Pages render those as
 * components and never as HTML, so `<script>`, an `onerror` or a `javascript:` link in a body is only text.
 * A link passes only if `noticeLink` (the one allow-list) knows its target; any other keeps its words as text.
 */
const md = new MarkdownIt('zero', { html: false, breaks: true, linkify: false }).enable([
  'heading',
  'lheading',
  'list',
  'emphasis',
  'link',
  'autolink',
  'newline',
  'escape',
  'entity',
])

type Token = ReturnType<typeof md.parse>[number]

export interface ParsedBody {
  blocks: NoticeBlock[]
  /** Link targets that are not on the allow-list (they show as text). */
  refusedLinks: string[]
}

/** The inline tokens of one heading, paragraph or list item as spans (neighbouring runs of one kind merged). */
const spansOf = (tokens: readonly Token[], refused: string[]): NoticeSpan[] => {
  const out: NoticeSpan[] = []
  let bold = 0
  let link: { href: string; text: string; bold: boolean } | null = null
  const push = (s: NoticeSpan) => {
    if (!s.text) return
    const last = out[out.length - 1]
    if (last && last.t === 'text' && s.t === 'text' && last.bold === s.bold) last.text += s.text
    else out.push(s)
  }
  const text = (t: string) => {
    if (link) link.text += t
    else push({ t: 'text', text: t, bold: bold > 0 })
  }
  for (const tok of tokens) {
    switch (tok.type) {
      case 'strong_open':
        bold += 1
        break
      case 'strong_close':
        bold = Math.max(0, bold - 1)
        break
      case 'softbreak':
      case 'hardbreak':
        text('\n')
        break
      case 'link_open':
        link = { href: String(tok.attrGet('href') ?? ''), text: '', bold: bold > 0 }
        break
      case 'link_close': {
        if (!link) break
        const target = noticeLink(link.href)
        const words = link.text || link.href
        if (target?.to === 'page') push({ t: 'page', text: words, bold: link.bold, path: target.path })
        else if (target?.to === 'web') push({ t: 'web', text: words, bold: link.bold, url: target.url })
        else {
          refused.push(link.href)
          push({ t: 'text', text: words, bold: link.bold })
        }
        link = null
        break
      }
      default:
        // text, and anything else the subset leaves as it was typed (em markers are dropped, words kept).
        text(tok.content)
    }
  }
  return out
}

export const parseNoticeBody = (body: string): ParsedBody => {
  const tokens = md.parse(body, {})
  const blocks: NoticeBlock[] = []
  const refused: string[] = []
  let list: Extract<NoticeBlock, { t: 'list' }> | null = null
  let depth = 0
  let item: NoticeSpan[] | null = null
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!
    switch (tok.type) {
      case 'heading_open': {
        const level = Math.min(3, Number(tok.tag.slice(1)) || 3)
        blocks.push({ t: 'heading', level, spans: spansOf(tokens[i + 1]?.children ?? [], refused) })
        i += 2
        break
      }
      case 'bullet_list_open':
      case 'ordered_list_open':
        // A list inside a list becomes more items of the outer one: one level is enough on a phone.
        if (depth === 0) {
          list = { t: 'list', ordered: tok.type === 'ordered_list_open', items: [] }
          blocks.push(list)
        }
        depth += 1
        break
      case 'bullet_list_close':
      case 'ordered_list_close':
        depth -= 1
        if (depth === 0) list = null
        break
      case 'list_item_open':
        item = []
        list?.items.push(item)
        break
      case 'list_item_close':
        item = null
        break
      case 'inline': {
        const spans = spansOf(tok.children ?? [], refused)
        if (item) {
          if (item.length) item.push({ t: 'text', text: '\n', bold: false })
          item.push(...spans)
        } else blocks.push({ t: 'paragraph', spans })
        break
      }
      default:
        break
    }
  }
  return { blocks: blocks.filter((b) => (b.t === 'list' ? b.items.length > 0 : b.spans.length > 0)), refusedLinks: refused }
}

/** The words of a body without marks, for list excerpts. */
export const plainTextOf = (blocks: readonly NoticeBlock[], max = 60): string => {
  const words = blocks
    .flatMap((b) => (b.t === 'list' ? b.items : [b.spans]))
    .map((spans) => spans.map((s) => s.text).join(''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
  return words.length > max ? `${words.slice(0, max)}…` : words
}
