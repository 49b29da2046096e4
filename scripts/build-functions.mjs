import { build } from 'esbuild'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { spawnSync } from 'node:child_process'
import { builtinModules, createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { nodeBundle } from './bundle-local.mjs'

/**
 * Bundles each CloudBase function (`cloudfunctions/<name>/index.ts`, which exports `main`) with the shared
 * core into `dist/cloudfunctions/<name>/index.js` (CommonJS, so the platform finds `exports.main`), next to
 * a package.json and the function's config.json (permissions, timer trigger, timeout), written from the
 * one definition of the functions in types/functions.ts. The package.json lists @cloudbase/node-sdk and the
 * on-demand packages of that function alone (`packages`: exceljs in `officer`, pdfkit and fontkit in
 * `admin`; ADR 27), which the cloud installs (installDependency in cloudbaserc.json): those are left out of
 * every bundle, loaded by the code that needs them on its first use, and a bundle that would load one as it
 * starts is refused. Files a function reads at run time (the poster fonts: `assets` in types/functions.ts)
 * are copied from their npm packages into its `assets/` folder, never bundled into the JS.
 *
 *   node scripts/build-functions.mjs [--src cloudfunctions] [--out dist/cloudfunctions] [name …]
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SDK = '@cloudbase/node-sdk'
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)])

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`
const requireFromRoot = createRequire(path.join(root, 'package.json'))

/** Where an asset (types/functions.ts `FunctionAsset`) is in node_modules. */
const assetSource = (asset) => path.join(path.dirname(requireFromRoot.resolve(`${asset.package}/package.json`)), asset.path)

/**
 * types/functions.ts, compiled on the fly (it imports nothing): the names, config.json and deployment
 * settings of the functions.
 * @returns {Promise<typeof import('../types/functions.js')>}
 */
export const loadFunctionSpecs = async () => {
  const { outputFiles } = await build({
    entryPoints: [path.join(root, 'types', 'functions.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  })
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`)
}

/** JSON as config.json has always been laid out: one key a line, arrays (and what is in them) on one line. */
const layout = (value, indent = '') => {
  if (Array.isArray(value)) return `[${value.map((v) => inline(v)).join(', ')}]`
  if (value && typeof value === 'object') {
    const inner = `${indent}  `
    const lines = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${layout(v, inner)}`)
    return `{\n${lines.join(',\n')}\n${indent}}`
  }
  return JSON.stringify(value)
}
const inline = (value) => {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`
  if (value && typeof value === 'object')
    return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')} }`
  return JSON.stringify(value)
}

/**
 * The esbuild options of a function bundle (also used by test/functions/function-bundles.test.ts to bundle
 * code exactly as the functions are): the local Node bundle, with the SDK and the on-demand packages left as
 * `require`s.
 * @param {string} entry @param {string} outfile @param {readonly string[]} onDemand
 * @returns {import('esbuild').BuildOptions}
 */
export const functionBundleOptions = (entry, outfile, onDemand) => ({
  ...nodeBundle(entry, outfile),
  external: [SDK, ...onDemand],
  minify: false,
  sourcemap: false,
  metafile: true,
})

/** A bare package name of a `require` (`pdfkit/js/x` → `pdfkit`, `@scope/a/b` → `@scope/a`). */
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/')

/**
 * Loads a bundle in a child Node, as the platform will, and checks `exports.main`. Loading runs only
 * module-level code (the SDK is initialised on the first call); NODE_PATH finds the SDK when --out points
 * outside the project. Requiring an on-demand package while loading fails the probe: the function would not
 * start where the package is not installed, and every other start would pay for it.
 */
const PROBE = `
const Module = require('node:module')
const onDemand = new Set(JSON.parse(process.argv[2]))
const load = Module._load
Module._load = function (request, ...rest) {
  const name = request.split('/').slice(0, request.startsWith('@') ? 2 : 1).join('/')
  if (onDemand.has(name)) { console.error(name + ' is required as the bundle loads: load it where it is used, on first use'); process.exit(4) }
  return load.call(this, request, ...rest)
}
process.exitCode = typeof require(process.argv[1]).main === 'function' ? 0 : 3
`

/** @param {{ srcDir?: string, outDir?: string, names?: string[] }} [options] */
export const buildFunctions = async ({ srcDir = 'cloudfunctions', outDir = 'dist/cloudfunctions', names } = {}) => {
  const { FUNCTION_NAMES, FUNCTIONS, functionConfig, ASSET_DIR, assetFileName, ON_DEMAND_PACKAGES } = await loadFunctionSpecs()
  /** @type {(name: string) => name is import('../types/functions.js').FunctionName} */
  const known = (name) => /** @type {readonly string[]} */ (FUNCTION_NAMES).includes(name)
  const unknown = (names ?? []).filter((n) => !known(n))
  if (unknown.length) throw new Error(`unknown function ${unknown.join(', ')} (types/functions.ts names ${FUNCTION_NAMES.join(', ')})`)
  const rootPkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'))
  const versionOf = (pkg) => {
    const v = rootPkg.dependencies?.[pkg]
    if (!v) throw new Error(`${pkg} is not a dependency in package.json`)
    return v
  }
  const sdkVersion = versionOf(SDK)
  const src = path.resolve(root, srcDir)
  const out = path.resolve(root, outDir)
  const rcFile = path.join(root, 'cloudbaserc.json')
  const rc = existsSync(rcFile) ? JSON.parse(await readFile(rcFile, 'utf8')) : { functions: [] }
  const built = []

  for (const name of names?.filter(known) ?? FUNCTION_NAMES) {
    const entry = path.join(src, name, 'index.ts')
    if (!existsSync(entry)) throw new Error(`missing entry ${path.relative(root, entry)}`)
    const dir = path.join(out, name)
    // Start clean so a file dropped from the build does not linger in the upload.
    await rm(dir, { recursive: true, force: true })
    await mkdir(dir, { recursive: true })
    const outfile = path.join(dir, 'index.js')

    // The same Node bundle as the local host's, but the SDK and the on-demand packages are left out: the
    // platform installs them from package.json; everything else (zod, dayjs, ulid, JSON data) goes in.
    const result = await build(functionBundleOptions(entry, outfile, ON_DEMAND_PACKAGES))
    const metafile = result.metafile
    if (!metafile) throw new Error(`${name}: esbuild wrote no metafile`)

    // Guards: nothing but the SDK, the on-demand packages and Node built-ins may stay a `require`, and
    // neither the SQLite adapter (a native addon) nor the local host must be pulled into a cloud bundle by a
    // stray import. Each entry is composed by the cloud composition root, cloudfunctions/cloud/main.ts.
    const meta = metafile.outputs[path.relative(process.cwd(), outfile)] ?? Object.values(metafile.outputs)[0]
    const external = (meta?.imports ?? []).filter((i) => i.external && !builtins.has(i.path))
    const stray = external.filter((i) => i.path !== SDK && !ON_DEMAND_PACKAGES.includes(packageOf(i.path)))
    if (stray.length) throw new Error(`${name}: unexpected external imports ${stray.map((i) => i.path).join(', ')}`)
    const sqlite = Object.keys(metafile.inputs).filter((p) => /better-sqlite3|adapters[\\/]sqlite/.test(p))
    if (sqlite.length) throw new Error(`${name}: the bundle reaches the SQLite adapter (${sqlite[0]})`)
    const local = Object.keys(metafile.inputs).filter((p) => /(^|[\\/])cloudfunctions[\\/]local[\\/]/.test(p))
    if (local.length) throw new Error(`${name}: the bundle reaches the local host (${local[0]})`)

    const pkg = {
      name: `${rootPkg.name}-${name}`,
      version: rootPkg.version,
      private: true,
      main: 'index.js',
      dependencies: { [SDK]: sdkVersion, ...Object.fromEntries((FUNCTIONS[name].packages ?? []).map((p) => [p, versionOf(p)])) },
    }
    await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`)
    await writeFile(path.join(dir, 'config.json'), `${layout(functionConfig(name))}\n`)
    // The CLI deploys from cloudbaserc.json, the devtools from config.json: say when cloudbaserc.json
    // disagrees with the definition (test/functions/deploy-config.test.ts fails on it too).
    const spec = FUNCTIONS[name]
    const fn = (rc.functions ?? []).find((f) => f.name === name)
    const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
    if (!fn) console.warn(`  warning: ${name} is not in cloudbaserc.json`)
    else if (!same(fn.timeout, spec.timeoutSeconds) || !same(fn.memorySize, spec.memoryMB) || !same(fn.triggers, spec.triggers))
      console.warn(`  warning: ${name}: timeout/memorySize/triggers in cloudbaserc.json differ from types/functions.ts`)

    const probe = spawnSync(process.execPath, ['-e', PROBE, outfile, JSON.stringify(ON_DEMAND_PACKAGES)], {
      env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
      encoding: 'utf8',
    })
    if (probe.status === 4) throw new Error(`${name}: ${probe.stderr.trim()}`)
    if (probe.status !== 0) throw new Error(`${name}: the bundle does not load or export main\n${probe.stderr}`)

    let assetBytes = 0
    for (const asset of FUNCTIONS[name].assets ?? []) {
      const to = path.join(dir, ASSET_DIR, assetFileName(asset))
      await mkdir(path.dirname(to), { recursive: true })
      await copyFile(assetSource(asset), to)
      assetBytes += (await stat(to)).size
    }

    const size = (await stat(outfile)).size
    built.push({ name, outfile, size, assetBytes })
    const installs = FUNCTIONS[name].packages ?? []
    console.log(
      `  ${path.relative(root, outfile).padEnd(40)} ${kb(size).padStart(10)}${assetBytes ? `  + ${ASSET_DIR}/ ${kb(assetBytes)}` : ''}${installs.length ? `  (installs ${installs.join(', ')})` : ''}`,
    )
  }
  return built
}

const isMain = process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url
if (isMain) {
  const args = process.argv.slice(2)
  const opts = {}
  const names = []
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--src') opts.srcDir = args[++i]
    else if (args[i] === '--out') opts.outDir = args[++i]
    else names.push(args[i])
  }
  if (names.length) opts.names = names
  console.log('Building cloud functions:')
  buildFunctions(opts).catch((e) => {
    console.error(e instanceof Error ? e.message : e)
    process.exit(1)
  })
}
