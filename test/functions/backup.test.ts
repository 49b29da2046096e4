import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createSqliteStore } from '../../cloudfunctions/core/adapters/sqlite/store'
import { COLLECTIONS } from '../../cloudfunctions/core/ports/collections'
import { seedHeze } from '../../cloudfunctions/core/seed/heze'

/** npm run backup / npm run restore on a real data file and files folder, as a person runs them. */
const script = resolve(__dirname, '..', '..', 'scripts', 'backup.mjs')
// A port nothing listens on, so the restore's "is the local host running?" check finds nothing.
const env = (dataFile: string) => ({ ...process.env, HX_DATA_FILE: dataFile, PORT: '9' })
const run = (dataFile: string, ...args: string[]) => spawnSync(process.execPath, [script, ...args], { env: env(dataFile), encoding: 'utf8' })

const stationCount = async (file: string) => {
  const store = createSqliteStore({ file })
  try {
    return await store.count(COLLECTIONS.stations)
  } finally {
    await store.close()
  }
}

describe('local backup and restore', () => {
  it('backs up the data and its files, and restores them over later changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hx-backup-'))
    const dataFile = join(dir, 'hexie.db')
    const store = createSqliteStore({ file: dataFile })
    await seedHeze(store, Date.UTC(2026, 10, 25))
    await store.close()
    mkdirSync(join(dir, 'files', 'case'), { recursive: true })
    writeFileSync(join(dir, 'files', 'case', 'a'.repeat(32)), 'photo')
    const before = await stationCount(dataFile)

    const backup = join(dir, 'b', 'one.db')
    const made = run(dataFile, 'backup', backup)
    expect(made.status).toBe(0)
    expect(made.stdout).toContain('已备份')
    expect(readFileSync(join(dir, 'b', 'one.files', 'case', 'a'.repeat(32)), 'utf8')).toBe('photo')

    // Later changes: a station more, a file gone.
    const later = createSqliteStore({ file: dataFile })
    await later.insert(COLLECTIONS.stations, { _id: 'st-later', name: '后来建的驿站' } as never)
    await later.close()
    execFileSync('rm', [join(dir, 'files', 'case', 'a'.repeat(32))])
    expect(await stationCount(dataFile)).toBe(before + 1)

    const restored = run(dataFile, 'restore', backup)
    expect(restored.status).toBe(0)
    expect(await stationCount(dataFile)).toBe(before)
    expect(existsSync(join(dir, 'files', 'case', 'a'.repeat(32)))).toBe(true)
  })

  it('refuses to restore something that is not a backup, and changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hx-backup-'))
    const dataFile = join(dir, 'hexie.db')
    const store = createSqliteStore({ file: dataFile })
    await seedHeze(store, Date.UTC(2026, 10, 25))
    await store.close()
    const before = await stationCount(dataFile)
    const junk = join(dir, 'junk.db')
    writeFileSync(junk, 'not a database')
    const r = run(dataFile, 'restore', junk)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('不能恢复')
    expect(await stationCount(dataFile)).toBe(before)
    expect(run(dataFile, 'restore').stderr).toContain('请给出要恢复的备份文件')
  })
})
