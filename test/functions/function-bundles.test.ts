import { execFileSync } from 'node:child_process'
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import ExcelJS from 'exceljs'
import { ASSET_DIR, assetFileName, FUNCTION_NAMES, FUNCTIONS, ON_DEMAND_PACKAGES, POSTER_FONTS } from '../../types/functions'
import { getLedger } from '../../types/contracts/ledger'
import { getSurveyResults, openCampaign } from '../../types/contracts/surveys'
import { packagedFonts } from '../../cloudfunctions/local/ports'
import { expectOk, makeHarness } from '../support/harness'

/**
 * The function bundles as they are uploaded (ADR 12, ADR 27). The large packages a few operations need
 * (exceljs, pdfkit, fontkit) are in no bundle: each function's package.json lists those its handlers use, and
 * the cloud installs them beside it. Here the bundles are built, a function's folder gets exactly what its
 * package.json would install (hard-linked from the project's node_modules: the same versions, no network),
 * and code bundled as the functions are runs the export and poster paths from that folder, where nothing
 * else can be found; the worker's bundle starts there with the SDK alone.
 */
jest.setTimeout(300_000)

const root = resolve(__dirname, '..', '..')
const out = mkdtempSync(join(tmpdir(), 'hx-fn-'))
const SDK = '@cloudbase/node-sdk'
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }

/** Where `name` resolves from `from`, as Node looks (node_modules folders up to the project). */
const lookup = (from: string, name: string): string | null => {
  for (let d = from; ; d = dirname(d)) {
    const p = join(d, 'node_modules', name)
    if (existsSync(join(p, 'package.json'))) return p
    if (d === root || d === dirname(d)) return null
  }
}

/** Hard-links a folder's files into another (a copy where links cannot be made). */
const linkTree = (from: string, to: string) => {
  mkdirSync(to, { recursive: true })
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const a = join(from, e.name)
    const b = join(to, e.name)
    if (e.isDirectory()) linkTree(a, b)
    else if (e.isFile()) {
      try {
        linkSync(a, b)
      } catch {
        copyFileSync(a, b)
      }
    }
  }
}

/**
 * What `npm install` puts beside a function: the dependencies of its package.json and all of theirs, laid out
 * as in the project (a package's own nested node_modules come with it).
 */
const installLikeTheCloud = (dir: string): string[] => {
  const deps = Object.keys((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies)
  const top = new Set<string>()
  const seen = new Set<string>()
  const walk = (from: string, name: string, optional: boolean) => {
    const p = lookup(from, name)
    if (!p) {
      if (optional) return
      throw new Error(`${name} (needed from ${from}) is not installed in the project`)
    }
    if (seen.has(p)) return
    seen.add(p)
    if (p === join(root, 'node_modules', name)) top.add(name)
    const pkg = JSON.parse(readFileSync(join(p, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }
    for (const d of Object.keys(pkg.dependencies ?? {})) walk(p, d, !!pkg.optionalDependencies?.[d])
    for (const d of Object.keys(pkg.optionalDependencies ?? {})) walk(p, d, true)
  }
  for (const d of deps) walk(root, d, false)
  for (const name of top) linkTree(join(root, 'node_modules', name), join(dir, 'node_modules', name))
  return deps
}

/** Bundles `entry` with the functions' own esbuild options (scripts/build-functions.mjs) into `outfile`. */
const bundleAsTheFunctions = (entry: string, outfile: string) =>
  execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { build } from 'esbuild'; import { functionBundleOptions } from ${JSON.stringify(join(root, 'scripts/build-functions.mjs'))};
       await build(functionBundleOptions(${JSON.stringify(entry)}, ${JSON.stringify(outfile)}, ${JSON.stringify(ON_DEMAND_PACKAGES)}))`,
    ],
    { cwd: root, stdio: 'pipe' },
  )

/** Runs `code` in a Node started in `dir`, with nothing in its environment but PATH: no NODE_PATH. */
const runIn = (dir: string, code: string) =>
  execFileSync(process.execPath, ['-e', code], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '' } as unknown as NodeJS.ProcessEnv })

const src = (p: string) => JSON.stringify(join(root, p))

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-functions.mjs', '--out', out], { cwd: root, stdio: 'pipe' })
})

describe('each function’s bundle and package.json', () => {
  it('installs the SDK and only the on-demand packages its handlers use; no bundle carries their code', () => {
    expect(FUNCTIONS.officer.packages).toEqual(['exceljs'])
    expect(FUNCTIONS.admin.packages).toEqual(['pdfkit', 'fontkit'])
    for (const p of ON_DEMAND_PACKAGES) expect(FUNCTION_NAMES.some((n) => FUNCTIONS[n].packages?.includes(p))).toBe(true)
    for (const name of FUNCTION_NAMES) {
      const pkg = JSON.parse(readFileSync(join(out, name, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
      const wanted = [SDK, ...(FUNCTIONS[name].packages ?? [])]
      expect(pkg.dependencies).toEqual(Object.fromEntries(wanted.map((p) => [p, rootPkg.dependencies[p]])))
      const js = readFileSync(join(out, name, 'index.js'), 'utf8')
      // esbuild marks each bundled file with its path: none of theirs is inside.
      expect(js).not.toMatch(/^\/\/ node_modules\/(exceljs|pdfkit|fontkit|brotli|restructure)\//m)
      // Each is reached through a require (or import()) the code makes when it first needs it.
      for (const p of ON_DEMAND_PACKAGES) expect(js).toMatch(new RegExp(`(require|import)\\("${p}"\\)`))
      expect(statSync(join(out, name, 'index.js')).size).toBeLessThan(2.5 * 1024 * 1024)
    }
  })

  it('refuses a bundle that loads an on-demand package as it starts', () => {
    const badSrc = mkdtempSync(join(tmpdir(), 'hx-fn-src-'))
    mkdirSync(join(badSrc, 'worker'))
    writeFileSync(join(badSrc, 'worker', 'index.ts'), `import ExcelJS from 'exceljs'\nexport const main = async () => new ExcelJS.Workbook().creator\n`)
    let failure = ''
    try {
      execFileSync(process.execPath, ['scripts/build-functions.mjs', '--src', badSrc, '--out', join(badSrc, 'out'), 'worker'], { cwd: root, stdio: 'pipe', encoding: 'utf8' })
    } catch (e) {
      failure = String((e as { stderr?: string }).stderr)
    }
    expect(failure).toContain('worker: exceljs is required as the bundle loads: load it where it is used, on first use')
  })

  it('starts the worker from a folder holding only what its package.json installs (the SDK)', () => {
    const dir = join(out, 'worker')
    expect(installLikeTheCloud(dir)).toEqual([SDK])
    for (const p of ON_DEMAND_PACKAGES) expect(existsSync(join(dir, 'node_modules', p))).toBe(false)
    expect(runIn(dir, `process.stdout.write(typeof require('./index.js').main)`)).toBe('function')
  })
})

describe('the officer’s exports', () => {
  it('write the ledger and a survey’s results as .xlsx from code bundled as the functions are, with only the officer’s packages', async () => {
    // The views as the handlers return them.
    const h = await makeHarness()
    const ledger = expectOk(await h.op(getLedger, 'dev-CX-street-head', { stationId: 'st-CX-0002', month: '2026-11' }))
    const campaign = expectOk(await h.op(openCampaign, 'dev-CX-firm-union', { stationId: 'st-CX-0004', startsOn: '2026-11-25', days: 14, headcount: 40 }))
    const results = expectOk(await h.op(getSurveyResults, 'dev-CX-firm-union', { campaignId: campaign.id }))
    await h.close()

    const dir = join(out, 'officer')
    expect(installLikeTheCloud(dir)).toEqual([SDK, 'exceljs'])
    for (const p of ['pdfkit', 'fontkit']) expect(existsSync(join(dir, 'node_modules', p))).toBe(false)
    writeFileSync(join(dir, 'views.json'), JSON.stringify({ ledger, results }))
    const entry = join(out, 'export-entry.ts')
    writeFileSync(
      entry,
      `import { ledgerWorkbook } from ${src('cloudfunctions/core/app/ledger-export')}
import { exportWorkbook } from ${src('cloudfunctions/core/app/survey-export')}
import { readFileSync } from 'node:fs'
export const make = async () => {
  const { ledger, results } = JSON.parse(readFileSync('views.json', 'utf8'))
  const cases = [{ caseNo: 'CX2611250001', createdAt: Date.UTC(2026, 10, 25, 2), category: '拖欠工资', privacy: '公开', here: '新收、受理', state: '办理中', owner: '曹城街道驿站（示例）', conclusion: '', rating: null, name: '', phone: '' }]
  const activities = [{ date: '2026-11-20', kind: '宣讲', place: '示例纺织车间', attendees: 30, note: '讲工资支付条例', officer: '李主任' }]
  const a = await ledgerWorkbook(ledger, cases, 0, activities, Date.UTC(2026, 10, 25, 2))
  const b = await exportWorkbook(results, [])
  return JSON.stringify({ ledger: Buffer.from(a).toString('base64'), survey: Buffer.from(b).toString('base64') })
}
`,
    )
    bundleAsTheFunctions(entry, join(dir, 'export-check.js'))
    const made = JSON.parse(runIn(dir, `require('./export-check.js').make().then((s) => process.stdout.write(s))`)) as { ledger: string; survey: string }

    const read = async (b64: string) => {
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(Buffer.from(b64, 'base64') as unknown as ArrayBuffer)
      return wb
    }
    const ledgerBook = await read(made.ledger)
    const sheets = ledgerBook.worksheets.map((w) => w.name)
    expect(sheets.length).toBeGreaterThanOrEqual(2)
    const cells = ledgerBook.worksheets.flatMap((w) => w.getSheetValues().flat().map(String))
    expect(cells).toContain('CX2611250001')
    expect(cells).toContain('示例纺织车间')
    const surveyBook = await read(made.survey)
    expect(surveyBook.getWorksheet('测评概况')!.getCell('B1').value).toBe(results.campaign.stationName)
  })
})

describe('the admin’s posters', () => {
  it('copies the poster fonts beside the admin bundle, and only where a function lists them', async () => {
    expect(FUNCTIONS.admin.assets).toEqual([POSTER_FONTS.regular, POSTER_FONTS.bold])
    for (const name of ['worker', 'officer', 'sweep'] as const) {
      expect(FUNCTIONS[name].assets).toBeUndefined()
      expect(existsSync(join(out, name, ASSET_DIR))).toBe(false)
    }
    const fonts = packagedFonts()
    for (const [weight, asset] of Object.entries(POSTER_FONTS)) {
      const copied = join(out, 'admin', ASSET_DIR, assetFileName(asset))
      expect(existsSync(copied)).toBe(true)
      expect(statSync(copied).size).toBe((await fonts.get(weight as 'regular' | 'bold')).byteLength)
    }
  })

  it('makes a poster PDF from the copied fonts with code bundled as the functions are, with only the admin’s packages', () => {
    const dir = join(out, 'admin')
    expect(installLikeTheCloud(dir)).toEqual([SDK, 'pdfkit', 'fontkit'])
    expect(existsSync(join(dir, 'node_modules', 'exceljs'))).toBe(false)
    const entry = join(out, 'poster-entry.ts')
    writeFileSync(
      entry,
      `import { openPosterPdf } from ${src('cloudfunctions/core/app/poster-pdf')}
import { bundledFonts } from ${src('cloudfunctions/core/adapters/node/fonts')}
import { qrPng } from ${src('cloudfunctions/core/adapters/qr/h5')}
import { HOTLINES } from ${src('types/hotlines')}
export const make = async () => {
  const pdf = await openPosterPdf(bundledFonts(__dirname), '青堌集镇驿站 驿站海报')
  const layout = pdf.layout({ name: '青堌集镇驿站', kindLabel: '乡镇(街道)驿站', place: '菏泽市 · 曹县', code: 'HZ-CX-0100', phone: '0530-1234567', hours: '工作日 08:30-12:00，13:30-17:30', address: '青堌集镇政府便民服务中心一楼', county: null, hotlines: HOTLINES })
  pdf.addPage(layout, qrPng('scene:HZ-CX-0100'))
  return Buffer.from(await pdf.finish()).toString('base64')
}
`,
    )
    bundleAsTheFunctions(entry, join(dir, 'poster-check.js'))
    const pdf = Buffer.from(runIn(dir, `require('./poster-check.js').make().then((s) => process.stdout.write(s))`), 'base64')
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.byteLength).toBeLessThan(100_000)
    // The fonts went in as subsets named after the face.
    expect(pdf.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansSC/)
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toContain('wxacode.getUnlimited')
  })
})
