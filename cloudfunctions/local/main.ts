import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { localNotifier, localPorts } from './ports'
import { folderFiles } from '../core/adapters/files/local'
import { createSqliteStore } from '../core/adapters/sqlite/store'
import { seedHeze } from '../core/seed/heze'
import { startLocalHost } from './server'

/**
 * `npm start`: the whole product on this machine. Configuration (environment):
 *  PORT (8080), HOST (127.0.0.1), HX_DATA_FILE (.data/hexie.db), HX_SECRET (else generated into .data/secret),
 *  HX_H5_DIR (dist/h5), files kept in `files/` beside the data file, HX_SWEEP_SECONDS (60; 0 = off),
 *  HX_PUBLIC_ORIGIN (where phones reach this host, for the station codes on posters; else this host's own
 *  address). Flags: --reset wipes the data file first,
 *  --no-serve seeds and exits.
 */
const main = async () => {
  const args = new Set(process.argv.slice(2))
  const dataFile = resolve(process.env.HX_DATA_FILE ?? '.data/hexie.db')
  if (args.has('--reset')) {
    for (const f of [dataFile, `${dataFile}-wal`, `${dataFile}-shm`]) rmSync(f, { force: true })
    rmSync(resolve(dirname(dataFile), 'files'), { recursive: true, force: true })
    console.log(`已清空本地数据：${dataFile}`)
  }
  mkdirSync(dirname(dataFile), { recursive: true })
  const secretFile = resolve(dirname(dataFile), 'secret')
  let secret = process.env.HX_SECRET
  if (!secret) {
    if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 })
    secret = readFileSync(secretFile, 'utf8').trim()
  }
  const store = createSqliteStore({ file: dataFile })
  const notifier = localNotifier()
  const ports = localPorts(store, secret, {
    notifier,
    files: folderFiles(resolve(dirname(dataFile), 'files'), secret),
    site: { origin: process.env.HX_PUBLIC_ORIGIN?.replace(/\/+$/, '') || undefined },
  })
  const written = await seedHeze(store, ports.clock.now())
  if (written > 0) console.log(`已写入菏泽示例驿站网络（${written} 条记录）`)
  if (args.has('--no-serve')) {
    await store.close()
    return
  }
  const host = await startLocalHost({
    ports,
    h5Dir: resolve(process.env.HX_H5_DIR ?? 'dist/h5'),
    port: Number(process.env.PORT ?? 8080),
    host: process.env.HOST ?? '127.0.0.1',
    sweepEveryMs: Number(process.env.HX_SWEEP_SECONDS ?? 60) * 1000,
    devMessages: notifier.messages,
  })
  console.log(`菏谐驿站本地服务已启动：${host.url}/__dev/signin`)
  console.log(`  扫码入口示例：${host.url}/pages/index/index?scene=HZ-CX-0004`)
  console.log(`  数据文件：${dataFile}（npm run reset 可重置）`)
  const stop = async () => {
    await host.close()
    await store.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((e: unknown) => {
  console.error('本地服务启动失败：', e)
  process.exit(1)
})
