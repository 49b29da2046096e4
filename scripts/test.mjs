#!/usr/bin/env node
// npm test: every layer, in an order where each step's builds are ready for the next.
//  0. type check and dependency rules
//  1. domain (Asia/Shanghai and UTC), store contract (SQLite, CloudBase SDK against a local fake), functions
//  2. builds: function bundles, weapp, H5
//  3. weapp checks (references, miniprogram-simulate) and browser tests (Chromium on the H5 build)
// Pass --quick to stop after step 1.
import { spawnSync } from 'node:child_process'

const quick = process.argv.includes('--quick')
const started = Date.now()

const step = (title, cmd, args, env = {}) => {
  const t = Date.now()
  console.log(`\n▶ ${title}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, TZ: 'Asia/Shanghai', ...env } })
  if (r.status !== 0) {
    console.error(`✖ ${title} failed (exit ${r.status})`)
    process.exit(r.status ?? 1)
  }
  console.log(`✔ ${title} (${((Date.now() - t) / 1000).toFixed(1)} s)`)
}

const jest = ['jest', '--ci', '--selectProjects']
// ts-jest compiles each file on its own (isolatedModules): the whole-program type check and the layer rules
// run here, so a type error fails the tests too.
step('type check and layer rules (npm run lint)', 'npm', ['run', 'lint', '--silent'])
step('domain, store contract and function tests (Asia/Shanghai)', 'npx', [...jest, 'domain', 'store', 'functions'])
step('domain tests again in UTC, as CloudBase runs them', 'npx', [...jest, 'domain'], { TZ: 'UTC' })
if (!quick) {
  step('build function bundles', 'node', ['scripts/build-functions.mjs'])
  step('build weapp', 'npx', ['taro', 'build', '--type', 'weapp'], { NODE_ENV: 'production' })
  step('build H5', 'npx', ['taro', 'build', '--type', 'h5'], { NODE_ENV: 'production' })
  step('weapp checks and browser tests', 'npx', [...jest, 'weapp', 'e2e', '--runInBand'])
}
console.log(`\nAll tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s`)
