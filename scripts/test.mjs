#!/usr/bin/env node
// npm test: every layer, in an order where each step's builds are ready for the next.
//  0. type check and dependency rules
//  1. domain (Asia/Shanghai and UTC), store contract (SQLite, CloudBase SDK against a local fake), functions
//  2. builds: function bundles, weapp, H5 — run beside step 1, one after another, since jest uses one worker
//     on two cores and the builds fill the other (their output is kept and printed when they end)
//  3. weapp checks (references, miniprogram-simulate) and browser tests (Chromium on the H5 build)
// Pass --quick to stop after step 1 (no builds).
import { spawn } from 'node:child_process'

const quick = process.argv.includes('--quick')
const started = Date.now()
const env = (extra = {}) => ({ ...process.env, TZ: 'Asia/Shanghai', ...extra })
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`

/** Runs one step in the foreground (async, so the builds beside it keep running and their output is read). */
const step = async (title, cmd, args, extra = {}) => {
  const t = Date.now()
  console.log(`\n▶ ${title}`)
  const status = await new Promise((resolve) => spawn(cmd, args, { stdio: 'inherit', env: env(extra) }).on('close', resolve))
  if (status !== 0) {
    console.error(`✖ ${title} failed (exit ${status})`)
    process.exit(status ?? 1)
  }
  console.log(`✔ ${title} (${secs(t)})`)
}

/** The background build running now: stopped if a step fails and the run ends early. */
let building = null
process.on('exit', () => {
  // Its own process group (detached), so npx and the build under it stop together.
  if (building) {
    try {
      process.kill(-building.pid, 'SIGTERM')
    } catch {
      // already gone
    }
  }
})
process.on('SIGINT', () => process.exit(130))

/** Runs the builds one after another in the background; resolves with the first failure or null. */
const buildsInBackground = (builds) =>
  builds.reduce(
    (prev, [title, cmd, args, extra]) =>
      prev.then((failed) => {
        if (failed) return failed
        const t = Date.now()
        return new Promise((resolve) => {
          const chunks = []
          const p = spawn(cmd, args, { env: env(extra), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
          building = p
          p.stdout.on('data', (c) => chunks.push(c))
          p.stderr.on('data', (c) => chunks.push(c))
          p.on('close', (code) => {
            building = null
            const output = Buffer.concat(chunks).toString()
            if (code === 0) {
              console.log(`\n✔ ${title} (${secs(t)}, beside the tests)`)
              resolve(null)
            } else resolve({ title, code, output })
          })
        })
      }),
    Promise.resolve(null),
  )

const jest = ['jest', '--ci', '--selectProjects']
// Jest strips types file by file (swc): the whole-program type check and the layer rules run here, so a type
// error fails the tests too.
await step('type check and layer rules (npm run lint)', 'npm', ['run', 'lint', '--silent'])
const builds = quick
  ? Promise.resolve(null)
  : buildsInBackground([
      ['build function bundles', 'node', ['scripts/build-functions.mjs']],
      ['build weapp', 'npx', ['taro', 'build', '--type', 'weapp'], { NODE_ENV: 'production' }],
      ['build H5', 'npx', ['taro', 'build', '--type', 'h5'], { NODE_ENV: 'production' }],
    ])
await step('domain, store contract and function tests (Asia/Shanghai)', 'npx', [...jest, 'domain', 'store', 'functions'])
await step('domain tests again in UTC, as CloudBase runs them', 'npx', [...jest, 'domain'], { TZ: 'UTC' })
if (!quick) {
  const t = Date.now()
  console.log('\n▶ builds: function bundles, weapp, H5')
  const failed = await builds
  if (failed) {
    process.stderr.write(failed.output)
    console.error(`✖ ${failed.title} failed (exit ${failed.code})`)
    process.exit(failed.code ?? 1)
  }
  console.log(`✔ builds ready (waited ${secs(t)})`)
  await step('weapp checks and browser tests', 'npx', [...jest, 'weapp', 'e2e', '--runInBand'])
}
console.log(`\nAll tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s`)
