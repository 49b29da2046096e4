#!/usr/bin/env node
// npm run cloudbase:config — writes the CloudBase database and storage rules kept in the repository from the
// one list of collections and indexes (cloudfunctions/core/ports/collections.ts):
//   cloudbase/database/<collection>.json   one file per collection CloudBase holds (a host in place of its
//                                          members, ADR 0050): its rule and its indexes
//   cloudbaserc.json → framework.plugins.database   the same, for `tcb framework deploy`
// Every collection is closed to clients ({"read": false, "write": false}): only functions read and write.
// test/functions/deploy-config.test.ts fails when these files and collections.ts disagree.
import { build } from 'esbuild'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const { outputFiles } = await build({
  entryPoints: [path.join(root, 'cloudfunctions/core/ports/collections.ts')],
  bundle: true,
  write: false,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
})
/** @type {typeof import('../cloudfunctions/core/ports/collections.js')} */
const spec = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`)
const { cloudbaseCollection, physicalCollections } = spec

const dir = path.join(root, 'cloudbase', 'database')
await mkdir(dir, { recursive: true })
// The collections CloudBase holds: a host (COLLECTION_HOSTS, ADR 0050) in place of its members.
const names = physicalCollections()
for (const f of await readdir(dir)) if (f.endsWith(".json") && !(/** @type {string[]} */ (names)).includes(f.slice(0, -5))) await rm(path.join(dir, f))
const entries = names.map((name) => cloudbaseCollection(name))
for (const e of entries) await writeFile(path.join(dir, `${e.collectionName}.json`), `${JSON.stringify(e, null, 2)}\n`)

const rcFile = path.join(root, 'cloudbaserc.json')
const rc = JSON.parse(await readFile(rcFile, 'utf8'))
rc.framework = {
  ...(rc.framework ?? {}),
  plugins: {
    ...(rc.framework?.plugins ?? {}),
    database: { use: '@cloudbase/framework-plugin-database', inputs: { collections: entries } },
  },
}
await writeFile(rcFile, `${JSON.stringify(rc, null, 2)}\n`)
console.log(`已写入 ${entries.length} 个集合的安全规则和索引：cloudbase/database/ 与 cloudbaserc.json`)
