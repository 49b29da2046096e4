import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { build } from 'esbuild'

/**
 * Kill -9 the local host in the middle of a stream of submissions: after a restart on the same data file,
 * every submission that was acknowledged is there, exactly once, and the case numbers have no duplicates.
 */
jest.setTimeout(60_000)

const dir = mkdtempSync(join(tmpdir(), 'hx-durability-'))
// Inside the project, so the bundle finds better-sqlite3 in node_modules.
const entry = join('.tmp', `durability-${process.pid}`, 'host.cjs')
const dataFile = join(dir, 'hexie.db')

const startHost = (port: number): Promise<ChildProcess> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, [entry], {
      env: { ...process.env, PORT: String(port), HX_DATA_FILE: dataFile, HX_SWEEP_SECONDS: '0', HX_SECRET: 'durability-secret-0123456789', HX_H5_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('本地服务已启动')) done(child)
    })
    let err = ''
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()))
    child.on('exit', (code) => fail(new Error(`host exited early (${code}): ${err}`)))
  })

// Submissions come from a pool of workers: one person's stream would meet the filing limit (types/rate-limits.ts).
const WORKERS = 40
const workerOf = (i: number) => `durable-worker-${i % WORKERS}`

const submit = (port: number, i: number) =>
  fetch(`http://127.0.0.1:${port}/api/worker`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `hx_dev=${workerOf(i)}` },
    body: JSON.stringify({
      op: 'case.submit',
      requestId: `durable-${String(i).padStart(6, '0')}`,
      input: { stationId: 'st-CX-0002', category: 'pay', description: `第 ${i} 条：老板拖欠了三个月的工资。`, workersAffected: 1, aboutOwnEmployer: true, employer: { kind: 'named', name: '示例服装厂' }, privacy: 'open', contact: { name: '张三', phone: '13800000001' } },
    }),
  }).then((r) => r.json() as Promise<{ ok: boolean; data?: { id: string; caseNo: string } }>)

afterAll(() => {
  rmSync(dirname(entry), { recursive: true, force: true })
  rmSync(dir, { recursive: true, force: true })
})

beforeAll(async () => {
  await build({ entryPoints: ['cloudfunctions/local/main.ts'], outfile: entry, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['better-sqlite3'], logLevel: 'silent' })
})

it('keeps every acknowledged case after SIGKILL, once', async () => {
  const port = 18700 + Math.floor(Math.random() * 200)
  const host = await startHost(port)
  const acknowledged = new Map<number, string>()
  let i = 0
  const stream = (async () => {
    for (;;) {
      const n = i++
      try {
        const r = await submit(port, n)
        if (r.ok && r.data) acknowledged.set(n, r.data.id)
      } catch {
        return // the host is gone
      }
    }
  })()
  // Kill it mid-stream, once a dozen cases are acknowledged (a busy machine takes longer to get there).
  for (let waited = 0; acknowledged.size < 12 && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50))
  host.kill('SIGKILL')
  await stream
  expect(acknowledged.size).toBeGreaterThan(10)

  const again = await startHost(port + 1)
  try {
    // Retrying every request id that was sent returns the stored case for the acknowledged ones.
    for (const [n, id] of acknowledged) {
      const r = await submit(port + 1, n)
      expect(r.ok && r.data?.id).toBe(id)
    }
    const all: Array<{ id: string; caseNo: string }> = []
    for (let w = 0; w < WORKERS; w++) {
      let after: string | undefined
      do {
        const page = (await (
          await fetch(`http://127.0.0.1:${port + 1}/api/worker`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: `hx_dev=${workerOf(w)}` },
            body: JSON.stringify({ op: 'case.mine', input: { limit: 50, ...(after ? { after } : {}) }, requestId: `durable-mine-${w}-${all.length}` }),
          })
        ).json()) as { data: { items: Array<{ id: string; caseNo: string }>; next?: string } }
        all.push(...page.data.items)
        after = page.data.next
      } while (after)
    }
    const ids = new Set(all.map((c) => c.id))
    for (const id of acknowledged.values()) expect(ids.has(id)).toBe(true)
    expect(new Set(all.map((c) => c.caseNo)).size).toBe(all.length)
    // At most the one request in flight at the kill may have landed without its answer.
    expect(all.length - acknowledged.size).toBeLessThanOrEqual(1)
  } finally {
    again.kill('SIGKILL')
  }
})
