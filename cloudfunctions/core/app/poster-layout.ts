import type { PosterItem, PosterLayout } from '../../../types/contracts/posters'
import type { HotlineEntry } from '../../../types/hotlines'
import type { FontWeight } from '../ports/fonts'

/**
 * The A4 station poster, laid out once: what it says and where, in PDF points, with every text already
 * broken into lines by the poster's own font. The PDF (poster-pdf.ts) draws this layout and the page's
 * preview draws the same one, so the preview cannot drift from what prints.
 *
 * It is made for a wall and a cheap phone camera: the station's name large, the code 8 cm wide with white
 * around it, why to scan in one line, that the worker may stay unknown to the employer, the four hotlines
 * with what each is for, and how to reach the station and its county station. It reads the same printed
 * in black and white.
 */

/** Bump when the design changes: kept posters of an older design are then out of date. */
export const POSTER_DESIGN = 1

/** What a poster says about its station. Kept with the poster, so a later change to the station shows. */
export interface PosterFacts {
  name: string
  kindLabel: string
  /** Where it is: 菏泽市 · 曹县 · … (the names above it). */
  place: string
  code: string
  phone: string
  hours: string
  address: string
  /** The county station to turn to, for a station under a county (its name and phone). */
  county: { name: string; phone: string } | null
}

export interface PosterContent extends PosterFacts {
  hotlines: readonly HotlineEntry[]
}

/** The width of a text in points, in the poster's font. */
export type Measure = (text: string, weight: FontWeight, size: number) => number

export const A4 = { width: 595.28, height: 841.89 }
const MARGIN = 40
const INNER = A4.width - 2 * MARGIN

export const POSTER_COLORS = {
  brand: '#078a45',
  brandSoft: '#eef7f1',
  text: '#1f2329',
  text2: '#4a5058',
  text3: '#70767e',
  white: '#ffffff',
  rule: '#d9dee3',
}

export const SCAN_LINE = '扫码反映诉求 · 参加满意度测评 · 看政策'
const FUNCTIONS_LINE = '政策宣传站 · 信息收集站'
const PRIVACY_LINE = '微信扫一扫就能用 · 可以对单位保密，也可以匿名反映'

/** Characters that must not begin a line: they hang at the end of the one before. */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】,.;:?!)%'])

/** Runs that are not broken inside: Latin words, numbers, phone numbers, codes. */
const tokens = (text: string): string[] => text.match(/[A-Za-z0-9@._:/+-]+|\s+|./gu) ?? []

/**
 * Breaks a text into lines no wider than `width` (a run wider than a line is cut where it must). A line's
 * width is the sum of its runs' widths: Chinese text has no kerning between characters to speak of.
 */
export const wrap = (text: string, width: number, weight: FontWeight, size: number, measure: Measure): string[] => {
  const lines: string[] = []
  let line = ''
  let lineW = 0
  const push = () => {
    if (line.trim()) lines.push(line.trimEnd())
    line = ''
    lineW = 0
  }
  for (const token of tokens(text)) {
    const w = measure(token, weight, size)
    if (!line || lineW + w <= width || NO_LINE_START.has(token)) {
      if (line || token.trim()) {
        line += token
        lineW += w
      }
      continue
    }
    push()
    if (!token.trim()) continue
    if (w <= width) {
      line = token
      lineW = w
      continue
    }
    // A single run wider than a line: cut it by characters.
    for (const ch of token) {
      const cw = measure(ch, weight, size)
      if (line && lineW + cw > width) push()
      line += ch
      lineW += cw
    }
  }
  push()
  return lines.length ? lines : ['']
}

type Text = Extract<PosterItem, { type: 'text' }>

/** The code's side in points: 8 cm, larger when the page has room (a short name, a short address). */
const CODE_MIN = 232
const CODE_MAX = 272

/** Lays out the poster of one station. */
export const layoutPoster = (content: PosterContent, measure: Measure): PosterLayout => {
  // Each run's width once: the same characters come back in every line tried.
  const widths = new Map<string, number>()
  const cached: Measure = (t, weight, size) => {
    const key = `${weight}|${size}|${t}`
    let w = widths.get(key)
    if (w === undefined) widths.set(key, (w = measure(t, weight, size)))
    return w
  }
  const first = layoutWith(content, cached, CODE_MIN)
  if (first.slack <= 0) return first.layout
  return layoutWith(content, cached, CODE_MIN + Math.min(CODE_MAX - CODE_MIN, Math.floor(first.slack))).layout
}

const layoutWith = (c: PosterContent, measure: Measure, code: number): { layout: PosterLayout; slack: number } => {
  const items: PosterItem[] = []
  const text = (
    value: string,
    at: { x: number; y: number; w: number },
    style: { size: number; weight?: FontWeight; color?: string; align?: Text['align']; lineHeight?: number; maxLines?: number },
  ): Text => {
    const weight = style.weight ?? 'regular'
    let lines = wrap(value, at.w, weight, style.size, measure)
    if (style.maxLines && lines.length > style.maxLines) {
      lines = lines.slice(0, style.maxLines)
      const last = lines[style.maxLines - 1]!
      const chars = [...last]
      let cut = chars.length
      while (cut > 0 && measure(`${chars.slice(0, cut).join('')}…`, weight, style.size) > at.w) cut--
      lines[style.maxLines - 1] = `${chars.slice(0, cut).join('')}…`
    }
    const item: Text = {
      type: 'text',
      ...at,
      size: style.size,
      lineHeight: style.lineHeight ?? 1.4,
      weight,
      color: style.color ?? POSTER_COLORS.text,
      align: style.align ?? 'left',
      lines,
    }
    items.push(item)
    return item
  }
  const bottomOf = (t: Text) => t.y + t.lines.length * t.size * t.lineHeight

  // The band: whose poster this is, and which of the four functions it serves.
  const band = 92
  items.push({ type: 'rect', x: 0, y: 0, w: A4.width, h: band, fill: POSTER_COLORS.brand, radius: 0 })
  text('菏谐驿站', { x: MARGIN, y: 20, w: INNER }, { size: 30, weight: 'bold', color: POSTER_COLORS.white, lineHeight: 1.3 })
  text('劳动关系服务驿站', { x: MARGIN, y: 30, w: INNER }, { size: 14, color: POSTER_COLORS.white, align: 'right' })
  text(FUNCTIONS_LINE, { x: MARGIN, y: 60, w: INNER }, { size: 14, color: POSTER_COLORS.white, lineHeight: 1.3 })

  // The station: kind and place, then its name as large as two lines allow.
  let y = band + 20
  const place = text(`${c.kindLabel} · ${c.place}`, { x: MARGIN, y, w: INNER }, { size: 14, color: POSTER_COLORS.text2, align: 'center', maxLines: 1 })
  y = bottomOf(place) + 4
  const nameSize = [40, 36, 32, 28, 26].find((s) => wrap(c.name, INNER, 'bold', s, measure).length <= 2) ?? 24
  const name = text(c.name, { x: MARGIN, y, w: INNER }, { size: nameSize, weight: 'bold', align: 'center', lineHeight: 1.25, maxLines: 2 })
  y = bottomOf(name) + 16

  // The code, with white around it and a thin frame, large enough to scan from a step away.
  const pad = 12
  const frame = code + 2 * pad
  const fx = (A4.width - frame) / 2
  items.push({ type: 'rect', x: fx - 2, y: y - 2, w: frame + 4, h: frame + 4, fill: POSTER_COLORS.brand, radius: 14 })
  items.push({ type: 'rect', x: fx, y, w: frame, h: frame, fill: POSTER_COLORS.white, radius: 12 })
  items.push({ type: 'code', x: fx + pad, y: y + pad, size: code })
  y += frame + 18

  // Why to scan, and that nobody has to know who they are.
  const scan = text(SCAN_LINE, { x: MARGIN, y, w: INNER }, { size: 22, weight: 'bold', color: POSTER_COLORS.brand, align: 'center', lineHeight: 1.3 })
  y = bottomOf(scan) + 2
  const privacy = text(PRIVACY_LINE, { x: MARGIN, y, w: INNER }, { size: 13, color: POSTER_COLORS.text2, align: 'center' })
  y = bottomOf(privacy) + 16

  // The footer, from the bottom up: the station's code, the county station, the station's own contact.
  const footer: Array<{ value: string; size: number; color: string; weight?: FontWeight }> = [
    { value: `本驿站电话 ${c.phone}　　开放时间 ${c.hours}`, size: 12, color: POSTER_COLORS.text, weight: 'bold' },
    { value: `地址 ${c.address}`, size: 12, color: POSTER_COLORS.text2 },
    ...(c.county ? [{ value: `找不到本驿站的人，可以联系 ${c.county.name}　电话 ${c.county.phone}`, size: 12, color: POSTER_COLORS.text2 }] : []),
    { value: `驿站编号 ${c.code}`, size: 10, color: POSTER_COLORS.text3 },
  ]
  const footerLines = footer.map((f) => ({ ...f, lines: wrap(f.value, INNER, f.weight ?? 'regular', f.size, measure).slice(0, 2) }))
  const footerHeight = footerLines.reduce((h, f) => h + f.lines.length * f.size * 1.4, 0)
  let fy = A4.height - MARGIN + 8 - footerHeight

  // The four hotlines, two by two, each with what it is for; between the scan lines and the footer.
  const gridTop = y
  const cellW = (INNER - 24 - 16) / 2
  const cellX = [MARGIN + 12, MARGIN + 12 + cellW + 16]
  const title = text('着急可以直接打电话', { x: MARGIN + 12, y: gridTop + 10, w: INNER - 24 }, { size: 14, weight: 'bold', color: POSTER_COLORS.brand, lineHeight: 1.3 })
  let rowY = bottomOf(title) + 6
  const cells: Text[] = []
  for (let row = 0; row < Math.ceil(c.hotlines.length / 2); row++) {
    let rowBottom = rowY
    for (let col = 0; col < 2; col++) {
      const h = c.hotlines[row * 2 + col]
      if (!h) continue
      const x = cellX[col]!
      const numberW = measure(h.number, 'bold', 22) + 8
      const number = text(h.number, { x, y: rowY, w: numberW }, { size: 22, weight: 'bold', lineHeight: 1.2 })
      const label = text(h.name, { x: x + numberW, y: rowY + 7, w: cellW - numberW }, { size: 11, weight: 'bold', color: POSTER_COLORS.text, lineHeight: 1.3, maxLines: 1 })
      const line = text(h.line, { x, y: bottomOf(number) + 1, w: cellW }, { size: 11, color: POSTER_COLORS.text2, lineHeight: 1.35, maxLines: 2 })
      cells.push(number, label, line)
      rowBottom = Math.max(rowBottom, bottomOf(line))
    }
    rowY = rowBottom + 8
  }
  const gridBottom = rowY + 2
  // The box goes under the texts already placed: put it first.
  items.splice(items.indexOf(title), 0, { type: 'rect', x: MARGIN, y: gridTop, w: INNER, h: gridBottom - gridTop, fill: POSTER_COLORS.brandSoft, radius: 10 })

  // Room left between the hotlines and the footer (the code grows into it); when there is none (a long name
  // and a long address), the footer moves down as far as it must.
  const slack = fy - 24 - (gridBottom + 12)
  fy = Math.max(fy, gridBottom + 12)
  items.push({ type: 'rect', x: MARGIN, y: fy - 8, w: INNER, h: 0.8, fill: POSTER_COLORS.rule, radius: 0 })
  for (const f of footerLines) {
    items.push({ type: 'text', x: MARGIN, y: fy, w: INNER, size: f.size, lineHeight: 1.4, weight: f.weight ?? 'regular', color: f.color, align: 'left', lines: f.lines })
    fy += f.lines.length * f.size * 1.4
  }

  return { layout: { width: A4.width, height: A4.height, items }, slack }
}
