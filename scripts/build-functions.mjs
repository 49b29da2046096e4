import { build } from 'esbuild'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { spawnSync } from 'node:child_process'
import { builtinModules } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * Bundles each CloudBase function (`cloudfunctions/<name>/index.ts`, which exports `main`) with the shared
 * core into `dist/cloudfunctions/<name>/index.js` (CommonJS, so the platform finds `exports.main`), next to
 * a package.json whose only dependency is @cloudbase/node-sdk (installed in the cloud: installDependency in
 * cloudbaserc.json) and the function's config.json (permissions, timer trigger, timeout).
 *
 *   node scripts/build-functions.mjs [--src cloudfunctions] [--out dist/cloudfunctions] [name …]
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const FUNCTIONS = ['worker', 'officer', 'admin', 'sweep']
const SDK = '@cloudbase/node-sdk'
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)])

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`

export const buildFunctions = async ({ srcDir = 'cloudfunctions', outDir = 'dist/cloudfunctions', names = FUNCTIONS } = {}) => {
  const rootPkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'))
  const sdkVersion = rootPkg.dependencies?.[SDK]
  if (!sdkVersion) throw new Error(`${SDK} is not a dependency in package.json`)
  const src = path.resolve(root, srcDir)
  const out = path.resolve(root, outDir)
  const rcFile = path.join(root, 'cloudbaserc.json')
  const rc = existsSync(rcFile) ? JSON.parse(await readFile(rcFile, 'utf8')) : { functions: [] }
  const built = []

  for (const name of names) {
    const entry = path.join(src, name, 'index.ts')
    if (!existsSync(entry)) throw new Error(`missing entry ${path.relative(root, entry)}`)
    const dir = path.join(out, name)
    // Start clean so a file dropped from the build does not linger in the upload.
    await rm(dir, { recursive: true, force: true })
    await mkdir(dir, { recursive: true })
    const outfile = path.join(dir, 'index.js')

    const result = await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      // The SDK is installed by the platform; everything else (zod, dayjs, ulid, JSON data) goes in.
      external: [SDK],
      minify: false,
      sourcemap: false,
      metafile: true,
      logLevel: 'warning',
    })

    // Guards: nothing but the SDK and Node built-ins may stay a `require`, and the SQLite adapter (a native
    // addon) must never be pulled into a cloud bundle by a stray import.
    const meta = result.metafile.outputs[path.relative(process.cwd(), outfile)] ?? Object.values(result.metafile.outputs)[0]
    const stray = (meta?.imports ?? []).filter((i) => i.external && i.path !== SDK && !builtins.has(i.path))
    if (stray.length) throw new Error(`${name}: unexpected external imports ${stray.map((i) => i.path).join(', ')}`)
    const sqlite = Object.keys(result.metafile.inputs).filter((p) => /better-sqlite3|adapters[\\/]sqlite/.test(p))
    if (sqlite.length) throw new Error(`${name}: the bundle reaches the SQLite adapter (${sqlite[0]})`)

    const pkg = {
      name: `${rootPkg.name}-${name}`,
      version: rootPkg.version,
      private: true,
      main: 'index.js',
      dependencies: { [SDK]: sdkVersion },
    }
    await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`)
    const config = path.join(src, name, 'config.json')
    if (existsSync(config)) {
      await copyFile(config, path.join(dir, 'config.json'))
      // The CLI deploys from cloudbaserc.json, the devtools from config.json: say when they disagree.
      const cfg = JSON.parse(await readFile(config, 'utf8'))
      const fn = (rc.functions ?? []).find((f) => f.name === name)
      const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
      if (!fn) console.warn(`  warning: ${name} is not in cloudbaserc.json`)
      else if (!same(fn.timeout, cfg.timeout) || !same(fn.triggers, cfg.triggers))
        console.warn(`  warning: ${name}: timeout/triggers differ between cloudbaserc.json and its config.json`)
    }

    // Load the bundle in a child Node, as the platform will, and check `exports.main`. Loading runs only
    // module-level code (the SDK is initialised on the first call); NODE_PATH finds the SDK when --out
    // points outside the project.
    const probe = spawnSync(
      process.execPath,
      ['-e', 'process.exitCode = typeof require(process.argv[1]).main === "function" ? 0 : 3', outfile],
      { env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') }, encoding: 'utf8' },
    )
    if (probe.status !== 0) throw new Error(`${name}: the bundle does not load or export main\n${probe.stderr}`)

    const size = (await stat(outfile)).size
    built.push({ name, outfile, size })
    console.log(`  ${path.relative(root, outfile).padEnd(40)} ${kb(size).padStart(10)}`)
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
