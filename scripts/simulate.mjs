#!/usr/bin/env node
// npm run simulate: bundles sim/run.ts and runs it; writes sim/results.json (ADR 0030).
// `npm run simulate -- --days 60 --cases 2000 --seed 7` runs a shorter year; `--out` names another report.
import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import { nodeBundle } from './bundle-local.mjs'

await build(nodeBundle('sim/run.ts', 'dist/sim/run.cjs'))
const r = spawnSync(process.execPath, ['dist/sim/run.cjs', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, TZ: 'Asia/Shanghai' } })
process.exit(r.status ?? 1)
