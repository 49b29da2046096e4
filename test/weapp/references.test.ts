import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

/**
 * The weapp build (dist/weapp) refers only to files it contains: every page and subpackage page, every
 * usingComponents entry (pages, components, recursively), every wxml import/include, wxs src and wxs
 * require, every js require, every wxss @import and the tab bar icons. A component path that does not
 * resolve renders nothing in WeChat, without an error, so this is checked here.
 * Needs a weapp build (npm test builds it first).
 */
const ROOT = resolve('dist/weapp')
const rel = (p: string) => relative(ROOT, p) || '.'
const read = (p: string) => readFileSync(p, 'utf8')
const isFile = (p: string) => existsSync(p) && statSync(p).isFile()

/** A path as the mini-program resolves it: absolute from the package root, else relative to `from`. */
const resolveRef = (from: string, ref: string) => (ref.startsWith('/') ? join(ROOT, ref) : join(dirname(from), ref))

interface AppJson {
  pages: string[]
  subPackages?: { root: string; pages: string[] }[]
  subpackages?: { root: string; pages: string[] }[]
  tabBar?: { list: { pagePath: string; iconPath?: string; selectedIconPath?: string }[] }
  usingComponents?: Record<string, string>
}

let app: AppJson
const problems: string[] = []
const seenComponents = new Set<string>()
const seenWxml = new Set<string>()
const seenJs = new Set<string>()
const seenWxs = new Set<string>()
const seenWxss = new Set<string>()

function checkJs(file: string, via: string) {
  if (seenJs.has(file)) return
  seenJs.add(file)
  if (!isFile(file)) return void problems.push(`${rel(file)} (required by ${via}) is missing`)
  for (const m of read(file).matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
    const ref = m[1]
    if (!ref.startsWith('.') && !ref.startsWith('/')) continue // a platform module, not a file
    const target = resolveRef(file, ref)
    checkJs(/\.js$/.test(target) ? target : `${target}.js`, rel(file))
  }
}

function checkWxs(file: string, via: string) {
  if (seenWxs.has(file)) return
  seenWxs.add(file)
  if (!isFile(file)) return void problems.push(`${rel(file)} (wxs used by ${via}) is missing`)
  for (const m of read(file).matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) checkWxs(resolveRef(file, m[1]), rel(file))
}

function checkWxss(file: string, via: string) {
  if (seenWxss.has(file)) return
  seenWxss.add(file)
  if (!isFile(file)) return void problems.push(`${rel(file)} (imported by ${via}) is missing`)
  for (const m of read(file).matchAll(/@import\s+["']([^"']+)["']/g)) checkWxss(resolveRef(file, m[1]), rel(file))
}

function checkWxml(file: string, via: string) {
  if (seenWxml.has(file)) return
  seenWxml.add(file)
  if (!isFile(file)) return void problems.push(`${rel(file)} (used by ${via}) is missing`)
  const text = read(file)
  for (const m of text.matchAll(/<(import|include)\s[^>]*\bsrc\s*=\s*["']([^"'{}]+)["']/g)) {
    const target = resolveRef(file, m[2])
    checkWxml(/\.wxml$/.test(target) ? target : `${target}.wxml`, rel(file))
  }
  for (const m of text.matchAll(/<wxs\s[^>]*\bsrc\s*=\s*["']([^"'{}]+)["']/g)) checkWxs(resolveRef(file, m[1]), rel(file))
}

/** A page or component: its four files, then everything it uses. */
function checkUnit(base: string, via: string, kind: 'page' | 'component') {
  for (const ext of ['.js', '.json', '.wxml']) {
    if (!isFile(base + ext)) problems.push(`${rel(base)}${ext} (${kind} used by ${via}) is missing`)
  }
  if (!isFile(base + '.json')) return
  checkJs(base + '.js', via)
  checkWxml(base + '.wxml', rel(base))
  if (isFile(base + '.wxss')) checkWxss(base + '.wxss', rel(base))
  const json = JSON.parse(read(base + '.json')) as { usingComponents?: Record<string, string> }
  checkUsing(base + '.json', json.usingComponents ?? {})
}

function checkUsing(jsonFile: string, using: Record<string, string>) {
  for (const [tag, ref] of Object.entries(using)) {
    if (ref.startsWith('plugin://') || ref.startsWith('plugin-private://')) continue
    if (/node_modules/.test(ref)) problems.push(`${rel(jsonFile)}: ${tag} still points into node_modules (${ref})`)
    const base = resolveRef(jsonFile, ref).replace(/\.(js|json|wxml)$/, '')
    if (seenComponents.has(base)) continue
    seenComponents.add(base)
    checkUnit(base, `${rel(jsonFile)} as <${tag}>`, 'component')
  }
}

const allPages = (a: AppJson) => [
  ...a.pages,
  ...(a.subPackages ?? a.subpackages ?? []).flatMap((p) => p.pages.map((page) => `${p.root.replace(/\/$/, '')}/${page}`)),
]

const sizeOf = (dir: string, skip: (p: string) => boolean = () => false): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
    const p = join(dir, e.name)
    if (skip(p)) return n
    return n + (e.isDirectory() ? sizeOf(p, skip) : statSync(p).size)
  }, 0)

beforeAll(() => {
  if (!isFile(join(ROOT, 'app.json'))) throw new Error('dist/weapp is missing: run `npx taro build --type weapp` first (npm test does)')
  app = JSON.parse(read(join(ROOT, 'app.json'))) as AppJson
  checkJs(join(ROOT, 'app.js'), 'app.json')
  if (isFile(join(ROOT, 'app.wxss'))) checkWxss(join(ROOT, 'app.wxss'), 'app.json')
  checkUsing(join(ROOT, 'app.json'), app.usingComponents ?? {})
  for (const page of allPages(app)) checkUnit(join(ROOT, page), 'app.json', 'page')
  for (const item of app.tabBar?.list ?? []) {
    for (const icon of [item.iconPath, item.selectedIconPath]) {
      if (icon && !isFile(join(ROOT, icon))) problems.push(`tab bar icon ${icon} is missing`)
    }
  }
})

it('lists the worker pages in the main package and officer/admin pages in subpackages', () => {
  expect(app.pages[0]).toBe('pages/index/index')
  expect(app.pages).toEqual(expect.arrayContaining(['pages/choose/index', 'pages/case-new/index', 'pages/case-done/index', 'pages/mine/index', 'pages/case/index', 'pages/me/index']))
  const subs = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''))
  expect(subs).toEqual(expect.arrayContaining(['officer', 'admin']))
  expect(app.pages.some((p) => p.startsWith('officer/') || p.startsWith('admin/'))).toBe(false)
  expect(app.tabBar?.list.map((t) => t.pagePath)).toEqual(['pages/index/index', 'pages/mine/index', 'pages/notices/index', 'pages/me/index'])
})

it('resolves every page, component, import, include, wxs, require and icon to a file in the build', () => {
  expect(problems).toEqual([])
  // The walk really went through vant: its components and wxs helpers were reached and found.
  expect([...seenComponents].map(rel)).toEqual(expect.arrayContaining(['npm/@vant/weapp/dist/button/index', 'npm/@vant/weapp/dist/field/index', 'npm/@vant/weapp/dist/icon/index']))
  expect([...seenWxs].map(rel)).toEqual(expect.arrayContaining(['npm/@vant/weapp/dist/wxs/utils.wxs']))
})

it('declares on every page each vant component the shared template can render', () => {
  // Taro's base.wxml renders native components by tag; a page that does not declare one shows nothing there.
  const vantTags = new Set([...read(join(ROOT, 'base.wxml')).matchAll(/<(van-[a-z-]+)[\s>]/g)].map((m) => m[1]))
  expect(vantTags.size).toBeGreaterThan(0)
  for (const page of allPages(app)) {
    const using = (JSON.parse(read(join(ROOT, page) + '.json')) as { usingComponents?: Record<string, string> }).usingComponents ?? {}
    const missing = [...vantTags].filter((t) => !using[t] && !app.usingComponents?.[t])
    expect({ page, missing }).toEqual({ page, missing: [] })
  }
})

it('keeps every package under the 2 MB WeChat limit', () => {
  const subRoots = (app.subPackages ?? app.subpackages ?? []).map((s) => join(ROOT, s.root))
  const main = sizeOf(ROOT, (p) => subRoots.includes(p) || p.endsWith('.LICENSE.txt'))
  expect(main).toBeLessThan(2 * 1024 * 1024)
  for (const sub of subRoots) expect(sizeOf(sub)).toBeLessThan(2 * 1024 * 1024)
})
