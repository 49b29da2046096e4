import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ASSET_DIR, assetFileName, FUNCTIONS, POSTER_FONTS } from '../../types/functions'
import { packagedFonts } from '../../cloudfunctions/local/ports'

/**
 * How the poster font reaches the `admin` function (ADR 12): the build copies the two weights into the
 * function's `assets/` beside its bundle, and code bundled the way the functions are (esbuild, CommonJS,
 * pdfkit inside) makes a poster PDF from those files in a folder with no node_modules at all, as in the cloud.
 */
jest.setTimeout(120_000)

const root = resolve(__dirname, '..', '..')
const out = mkdtempSync(join(tmpdir(), 'hx-fn-'))

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-functions.mjs', '--out', out, 'admin'], { cwd: root, stdio: 'pipe' })
})

it('copies the poster fonts beside the admin bundle, and only where a function lists them', async () => {
  expect(FUNCTIONS.admin.assets).toEqual([POSTER_FONTS.regular, POSTER_FONTS.bold])
  for (const name of ['worker', 'officer', 'sweep'] as const) expect(FUNCTIONS[name].assets).toBeUndefined()
  const fonts = packagedFonts()
  for (const [weight, asset] of Object.entries(POSTER_FONTS)) {
    const copied = join(out, 'admin', ASSET_DIR, assetFileName(asset))
    expect(existsSync(copied)).toBe(true)
    expect(statSync(copied).size).toBe((await fonts.get(weight as 'regular' | 'bold')).byteLength)
  }
  // The fonts are files, not part of the JS.
  expect(statSync(join(out, 'admin', 'index.js')).size).toBeLessThan(8 * 1024 * 1024)
})

it('makes a poster PDF from the copied fonts with the code bundled as the functions bundle it, away from node_modules', () => {
  const dir = join(out, 'admin')
  const entry = join(out, 'entry.ts')
  writeFileSync(
    entry,
    `import { openPosterPdf } from ${JSON.stringify(join(root, 'cloudfunctions/core/app/poster-pdf'))}
import { bundledFonts } from ${JSON.stringify(join(root, 'cloudfunctions/core/adapters/node/fonts'))}
import { qrPng } from ${JSON.stringify(join(root, 'cloudfunctions/core/adapters/qr/h5'))}
import { HOTLINES } from ${JSON.stringify(join(root, 'types/hotlines'))}
export const make = async () => {
  const pdf = await openPosterPdf(bundledFonts(__dirname), '青堌集镇驿站 驿站海报')
  const layout = pdf.layout({ name: '青堌集镇驿站', kindLabel: '乡镇(街道)驿站', place: '菏泽市 · 曹县', code: 'HZ-CX-0100', phone: '0530-1234567', hours: '工作日 08:30-12:00，13:30-17:30', address: '青堌集镇政府便民服务中心一楼', county: null, hotlines: HOTLINES })
  pdf.addPage(layout, qrPng('scene:HZ-CX-0100'))
  return Buffer.from(await pdf.finish()).toString('base64')
}
`,
  )
  execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { build } from 'esbuild'; import { nodeBundle } from ${JSON.stringify(join(root, 'scripts/bundle-local.mjs'))};
       await build({ ...nodeBundle(${JSON.stringify(entry)}, ${JSON.stringify(join(dir, 'poster-check.js'))}), external: ['@cloudbase/node-sdk'] })`,
    ],
    { cwd: root, stdio: 'pipe' },
  )
  // Run from the temporary folder: nothing can be found in the project's node_modules.
  const b64 = execFileSync(process.execPath, ['-e', `require('./poster-check.js').make().then((s) => process.stdout.write(s))`], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } as unknown as NodeJS.ProcessEnv })
  const pdf = Buffer.from(b64, 'base64')
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  expect(pdf.byteLength).toBeLessThan(100_000)
  // The fonts went in as subsets named after the face.
  expect(pdf.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansSC/)
  expect(readFileSync(join(dir, 'config.json'), 'utf8')).toContain('wxacode.getUnlimited')
})
