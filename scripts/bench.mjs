#!/usr/bin/env node
// npm run bench: bundles bench/run.ts and runs it; writes bench/results.json.
// `npm run bench -- --only inbox,surveys` runs only the named sections (submit, calendar, sweep, inbox, surveys, ledger, cold, sizes)
// and writes them into the figures already there.
import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import { nodeBundle } from './bundle-local.mjs'

await build(nodeBundle('bench/run.ts', 'dist/bench/run.cjs'))
const r = spawnSync(process.execPath, ['dist/bench/run.cjs', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, TZ: 'Asia/Shanghai' } })
process.exit(r.status ?? 1)
