import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runSweep } from '../../types/contracts/sweep'
import { FUNCTION_NAMES, FUNCTION_RUNTIME, FUNCTIONS, functionConfig, type FunctionName } from '../../types/functions'
import { NOTICE_KINDS, NOTICES } from '../../types/notices'
import { CLIENT_RULE, COLLECTION_HOSTS, COLLECTIONS, cloudbaseCollection, HOST_TAG_FIELD, INDEXES, physicalCollections } from '../../cloudfunctions/core/ports/collections'
import { readdirSync } from 'node:fs'

/**
 * The files that cannot import the definitions say the same as them: cloudbaserc.json (the CloudBase CLI
 * deploys from it) against types/functions.ts and types/notices.ts, and the mini-program's .env files
 * against types/notices.ts. A new function or notice kind missing from one of them fails here.
 */
const root = join(__dirname, '..', '..')
const read = (file: string) => readFileSync(join(root, file), 'utf8')

interface RcFunction {
  name: string
  handler: string
  runtime: string
  timeout: number
  memorySize: number
  installDependency: boolean
  envVariables: Record<string, string>
  triggers?: unknown
}
const rc = JSON.parse(read('cloudbaserc.json')) as {
  functionRoot: string
  functions: RcFunction[]
  framework?: { plugins?: { database?: { use: string; inputs: { collections: unknown[] } } } }
}
const templateEnv = NOTICE_KINDS.map((k) => NOTICES[k].env)

describe('cloudbaserc.json', () => {
  it('deploys exactly the functions of types/functions.ts, in its order, from the build output', () => {
    expect(rc.functions.map((f) => f.name)).toEqual([...FUNCTION_NAMES])
    expect(rc.functionRoot).toBe('./dist/cloudfunctions')
  })

  describe.each(FUNCTION_NAMES)('%s', (name: FunctionName) => {
    const spec = FUNCTIONS[name]
    const fn = () => rc.functions.find((f) => f.name === name)!

    it('has the runtime, handler, timeout, memory and triggers of the definition', () => {
      expect(fn()).toMatchObject({ handler: 'index.main', runtime: FUNCTION_RUNTIME, installDependency: true })
      expect(fn().timeout).toBe(spec.timeoutSeconds)
      expect(fn().memorySize).toBe(spec.memoryMB)
      expect(fn().triggers).toEqual(spec.triggers)
    })

    it('passes on the environment variables it reads and every notice template id, no others', () => {
      const expected = [...spec.env, ...templateEnv]
      expect(Object.keys(fn().envVariables).sort()).toEqual([...expected].sort())
      for (const v of expected) expect(fn().envVariables[v]).toBe(`{{env.${v}}}`)
    })

    it('has a config.json (written by the build) with the same timeout and triggers', () => {
      const config = functionConfig(name)
      expect(config.timeout).toBe(fn().timeout)
      expect('triggers' in config ? config.triggers : undefined).toEqual(fn().triggers)
      expect(config.permissions.openapi).toContain('subscribeMessage.send')
    })
  })
})

describe('the sweep', () => {
  const timeoutMs = FUNCTIONS.sweep.timeoutSeconds * 1000

  it('runs on the timer every 5 minutes', () => {
    expect(FUNCTIONS.sweep.triggers).toEqual([{ name: 'sweep', type: 'timer', config: '0 */5 * * * * *' }])
  })

  it('has a default time budget, and a largest allowed one, that end before the function times out', () => {
    const { budgetMs } = runSweep.input.parse({})
    expect(budgetMs).toBeLessThan(timeoutMs)
    expect(runSweep.input.safeParse({ budgetMs: timeoutMs }).success).toBe(false)
  })
})

const STAGES = { '.env.development': 'developer', '.env.trial': 'trial', '.env.production': 'formal' } as const

describe.each(Object.keys(STAGES) as Array<keyof typeof STAGES>)('%s', (file) => {
  const lines = read(file).split('\n')
  const templateKeys = lines.filter((l) => /^TARO_APP_TPL_/.test(l)).map((l) => l.split('=')[0])

  const value = (key: string) => lines.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1)

  it('names its CloudBase environment once for the functions and the app, and its mini-program version', () => {
    expect(value('ENV_ID')).toBeDefined()
    expect(value('TARO_APP_CLOUD_ENV')).toBe(value('ENV_ID'))
    expect(value('HX_MP_STATE')).toBe(STAGES[file])
  })

  it('holds no secret', () => {
    for (const secret of ['HX_SECRET', 'HX_FIRST_ADMIN_OPENID']) expect(value(secret)).toBeUndefined()
  })

  it('has exactly one template id variable per notice kind', () => {
    expect([...templateKeys].sort()).toEqual(NOTICE_KINDS.map((k) => NOTICES[k].appEnv).sort())
  })

  it.each(NOTICE_KINDS)('%s: says who gets it and what it is, above its variable', (kind) => {
    const { appEnv, audience, title } = NOTICES[kind]
    const at = lines.findIndex((l) => l.startsWith(`${appEnv}=`))
    expect(at).toBeGreaterThan(0)
    expect(lines[at - 1]).toBe(`# ${audience === 'worker' ? 'Worker' : 'Officer'}: ${title}.`)
  })
})

describe('database and storage rules kept in the repository (npm run cloudbase:config writes them)', () => {
  const names = physicalCollections()

  it('lists each collection CloudBase holds: every collection no host has, and each host in place of its members (ADR 0050)', () => {
    const members = COLLECTION_HOSTS.flatMap((h) => h.members.map((m) => m.collection as string))
    expect(members.length).toBeGreaterThan(0)
    expect(new Set(members).size).toBe(members.length)
    expect([...names].sort()).toEqual([...Object.values(COLLECTIONS).filter((c) => !members.includes(c)), ...COLLECTION_HOSTS.map((h) => h.host)].sort())
    for (const h of COLLECTION_HOSTS) {
      const tags = h.members.map((m) => m.tag)
      expect(new Set(tags).size).toBe(tags.length)
      expect(readdirSync(join(root, 'cloudbase', 'database'))).not.toContain(`${h.members[0]!.collection}.json`)
    }
  })

  it.each(COLLECTION_HOSTS.map((h) => h.host))('%s has every index of each of its members, with the tag field first', (host) => {
    const spec = COLLECTION_HOSTS.find((h) => h.host === host)!
    const keys = cloudbaseCollection(host).createIndexes.map((i) => i.keys.map((k) => k.name).join())
    for (const m of spec.members)
      for (const i of INDEXES.filter((x) => x.collection === m.collection)) expect(keys).toContain([HOST_TAG_FIELD, ...i.fields].join())
    expect(keys.every((k) => k.startsWith(`${HOST_TAG_FIELD},`))).toBe(true)
  })

  it.each(names)('%s has its rule file: closed to clients, with every index collections.ts names', (name) => {
    const file = JSON.parse(read(`cloudbase/database/${name}.json`))
    expect(file).toEqual(cloudbaseCollection(name))
    expect(file.aclRule).toEqual({ read: false, write: false })
  })

  it('has no rule file for a collection that no longer exists', () => {
    expect(readdirSync(join(root, 'cloudbase', 'database')).sort()).toEqual(names.map((n) => `${n}.json`).sort())
  })

  it('deploys the same collections, rules and indexes from cloudbaserc.json', () => {
    const db = rc.framework?.plugins?.database
    expect(db?.use).toBe('@cloudbase/framework-plugin-database')
    expect(db?.inputs.collections).toEqual(names.map((n) => cloudbaseCollection(n)))
  })

  it('keeps storage closed to clients: files reach people only through URLs a function hands out', () => {
    expect(JSON.parse(read('cloudbase/storage.rules.json'))).toEqual(CLIENT_RULE)
  })
})
