#!/usr/bin/env node
// npm run bench: bundles bench/run.ts and runs it; writes bench/results.json.
import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'

await build({
  entryPoints: ['bench/run.ts'],
  outfile: 'dist/bench/run.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['better-sqlite3'],
  logLevel: 'warning',
})
const r = spawnSync(process.execPath, ['dist/bench/run.cjs'], { stdio: 'inherit', env: { ...process.env, TZ: 'Asia/Shanghai' } })
process.exit(r.status ?? 1)
