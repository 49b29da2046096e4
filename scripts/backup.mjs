#!/usr/bin/env node
// npm run backup [-- <file>]   an online copy of the local data (SQLite's backup API: safe while `npm start` runs)
//                               and of its files folder; default .data/backups/hexie-<time>.db (+ .files/)
// npm run restore -- <file>    puts a backup back in place of the local data. Stop `npm start` first: the
//                               restore refuses while the local host answers on HOST:PORT.
// Both read HX_DATA_FILE (.data/hexie.db), like the local host. The cloud's own backups: see README.
import Database from 'better-sqlite3'
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'

const [mode, target] = process.argv.slice(2)
const dataFile = resolve(process.env.HX_DATA_FILE ?? '.data/hexie.db')
const filesDir = join(dirname(dataFile), 'files')
/** @param {string} db */
const filesOf = (db) => `${db.replace(/\.db$/, '')}.files`

/** @param {string} message @returns {never} */
const fail = (message) => {
  console.error(message)
  process.exit(1)
}

/** A database is a backup of ours if SQLite finds it whole and it has the network in it. */
/** @param {string} file */
const check = (file) => {
  let db
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    const ok = db.pragma('integrity_check', { simple: true })
    if (ok !== 'ok') return `数据文件已损坏：${ok}`
    const has = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'stations'").get()
    if (!has) return '这不是菏谐驿站的数据文件（没有驿站表）'
    return null
  } catch (e) {
    return `打不开这个文件：${e instanceof Error ? e.message : String(e)}`
  } finally {
    db?.close()
  }
}

if (mode === 'backup') {
  if (!existsSync(dataFile)) fail(`没有找到本地数据：${dataFile}（先运行 npm start）`)
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')
  const dest = resolve(target ?? join(dirname(dataFile), 'backups', `hexie-${stamp}.db`))
  if (existsSync(dest)) fail(`已有同名备份：${dest}`)
  mkdirSync(dirname(dest), { recursive: true })
  const db = new Database(dataFile, { readonly: true, fileMustExist: true })
  try {
    await db.backup(dest)
  } finally {
    db.close()
  }
  if (existsSync(filesDir)) cpSync(filesDir, filesOf(dest), { recursive: true })
  const problem = check(dest)
  if (problem) fail(`备份没有通过检查：${problem}`)
  console.log(`已备份：${dest}（${(statSync(dest).size / 1024).toFixed(0)} KB${existsSync(filesOf(dest)) ? '，附件在 ' + basename(filesOf(dest)) + '/' : ''}）`)
} else if (mode === 'restore') {
  if (!target) fail('请给出要恢复的备份文件：npm run restore -- .data/backups/hexie-….db')
  const src = resolve(target)
  const problem = check(src)
  if (problem) fail(`不能恢复：${problem}`)
  const host = process.env.HOST ?? '127.0.0.1'
  const port = Number(process.env.PORT ?? 8080)
  const running = await fetch(`http://${host}:${port}/__dev/signin`, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  )
  if (running) fail(`本地服务正在 ${host}:${port} 运行，请先停止（Ctrl+C）再恢复`)
  mkdirSync(dirname(dataFile), { recursive: true })
  // Copy beside the data file first, then swap: a failure midway leaves the current data as it was.
  const staged = `${dataFile}.restoring`
  cpSync(src, staged)
  for (const f of [`${dataFile}-wal`, `${dataFile}-shm`]) rmSync(f, { force: true })
  renameSync(staged, dataFile)
  rmSync(filesDir, { recursive: true, force: true })
  if (existsSync(filesOf(src))) cpSync(filesOf(src), filesDir, { recursive: true })
  console.log(`已从 ${src} 恢复本地数据：${dataFile}`)
} else {
  fail('用法：npm run backup [-- 文件]  或  npm run restore -- 文件')
}
