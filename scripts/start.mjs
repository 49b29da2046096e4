#!/usr/bin/env node
// npm start: builds what is missing (the H5 pages, the local host), then serves the product on 127.0.0.1.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { LOCAL_HOST_ENTRY, bundleLocalHost, nodeBundle } from './bundle-local.mjs'

process.env.TZ = process.env.TZ ?? 'Asia/Shanghai'
const args = process.argv.slice(2)
const watch = args.includes('--watch')
const noServe = args.includes('--no-serve')

const newest = (dir) => {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

const h5Index = 'dist/h5/index.html'
const sourcesChanged = () =>
  !existsSync(h5Index) || Math.max(newest('src'), newest('types'), newest('config')) > statSync(h5Index).mtimeMs

if (!noServe && sourcesChanged()) {
  console.log('正在构建 H5 页面（第一次大约需要半分钟）…')
  const r = spawnSync('npx', ['taro', 'build', '--type', 'h5'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const entry = await bundleLocalHost()
const hostArgs = args.filter((a) => a !== '--watch')
if (watch) {
  // H5 rebuilds on change; the host restarts when its bundle is rebuilt.
  spawn('npx', ['taro', 'build', '--type', 'h5', '--watch'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'development' } })
  spawn(process.execPath, ['--watch-path=dist/local', entry, ...hostArgs], { stdio: 'inherit' })
  const { context } = await import('esbuild')
  const ctx = await context(nodeBundle(LOCAL_HOST_ENTRY, entry))
  await ctx.watch()
} else {
  const child = spawn(process.execPath, [entry, ...hostArgs], { stdio: 'inherit' })
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(sig, () => child.kill(sig))
  child.on('exit', (code) => process.exit(code ?? 0))
}
