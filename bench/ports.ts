import { memoryFiles } from '../cloudfunctions/core/adapters/files/local'
import { h5QrCodes } from '../cloudfunctions/core/adapters/qr/h5'
import { hmacSecrets } from '../cloudfunctions/core/adapters/node/ports'
import { createSqliteStore } from '../cloudfunctions/core/adapters/sqlite/store'
import { storeClock } from '../cloudfunctions/core/app/time'
import type { Ports } from '../cloudfunctions/core/ports'
import { seedHeze } from '../cloudfunctions/core/seed/heze'
import { DEFAULT_LOCAL_ORIGIN, packagedFonts } from '../cloudfunctions/local/ports'
import { embeddedContentCheck } from '../cloudfunctions/local/content-check'

/**
 * The ports every bench section runs on: the demo network seeded into a SQLite file (a day before the clock
 * unless told when), a clock the benchmark moves, counting ids under the section's prefix, in-memory files,
 * the local station codes and fonts, and the embedded content check every intake runs after the case is
 * stored (ADR 0019). Nothing is logged.
 */
export const benchPorts = async (file: string, clock: { now: number }, prefix: string, seededAt = clock.now - 86_400_000): Promise<Ports> => {
  const store = createSqliteStore({ file })
  let seq = 0
  await seedHeze(store, seededAt)
  const files = memoryFiles()
  return {
    store,
    clock: storeClock(store, () => clock.now),
    ids: { next: () => `${prefix}${String(++seq).padStart(19, '0')}`, code: () => 'BENCH001' },
    secrets: hmacSecrets('bench-secret-0123456789abcdef'),
    notifier: { send: async () => ({ ok: true }) },
    qrCodes: h5QrCodes(() => DEFAULT_LOCAL_ORIGIN),
    fonts: packagedFonts(),
    files,
    contentCheck: embeddedContentCheck(files),
    log: () => undefined,
  }
}
