import Ajv from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { projectsAtRisk } from '../../cloudfunctions/core/app/projects'
import type { AccessLogDoc, AuditDoc, BlacklistDoc, MembershipDoc, OfficerDoc, ProjectDoc } from '../../cloudfunctions/core/app/records'
import {
  createBlacklistEntry,
  createProject,
  exportCases,
  getCaseDetail,
  getProjectForm,
  getProjectLedger,
  listBlacklist,
  listInbox,
  removeBlacklistEntry,
  runSweep,
  searchBlacklist,
  updateProject,
  withdrawCase,
} from '../../types/contracts'
import type { InputOf } from '../../types/contract'
import { CaseChannel, CaseState, Category, Privacy } from '../../types/domain'
import { isValidUscc, usccCheckChar } from '../../types/uscc'
import { onBothStores } from '../support/both-stores'
import { expectError, expectOk, sh, WORKER, OTHER_WORKER, type Harness } from '../support/harness'

/**
 * 菏薪共治 end to end (ADR 0023): projects with their 包保 officer and wage account, the project ledger's open
 * arrears kept by the case writer (equal to a hand count, through each side), 限时化解 and its overdue flag, the
 * county's projects at risk; the 欠薪黑名单 (bureau admins only, the public list's fields, the badge on a new
 * case, removal with a reason, expiry by the sweep, all audited); the provincial export against its own schema.
 */

const CITY_ADMIN = 'dev-city-admin'
const CX_ADMIN = 'dev-CX-county-head'
const MD_ADMIN = 'dev-MD-county-head'
const CX = 'st-CX-0001'
const STREET = 'st-CX-0002'
const DAY = 86_400_000
const code = (first17: string) => first17 + usccCheckChar(first17)!
const CONTRACTOR_USCC = code('91371721MA3C4X8K2')
const LISTED_USCC = code('91371700MA3D5Y7N1')

/** An employer-side officer at the county station and their government-side twin (same role). */
const addTwins = async (h: Harness) => {
  for (const [openid, side] of [['cx-county-employer', 'employer'], ['cx-county-gov', 'government']] as const) {
    const officerId = `of-${openid}`
    if (await h.store.get<OfficerDoc>('officers', officerId)) continue
    await h.store.insert<OfficerDoc>('officers', { _id: officerId, openid, name: openid, createdAt: h.clock.now })
    await h.store.insert<MembershipDoc>('memberships', { _id: `ms-${openid}`, officerId, openid, stationId: CX, role: 'member', side, admin: false, createdAt: h.clock.now })
  }
}

const fileArrears = (h: Harness, projectId: string, privacy: 'open' | 'confidential' | 'anonymous', amountOwed: number, workersAffected: number, worker = WORKER) =>
  h.file(
    {
      category: 'wage_arrears',
      projectId,
      privacy,
      amountOwed,
      workersAffected,
      aboutOwnEmployer: false,
      employer: { kind: 'named', name: '示例建工集团有限公司' },
      ...(privacy === 'anonymous' ? { contact: undefined } : {}),
    },
    worker,
  )

type ProjectInput = InputOf<typeof createProject>

onBothStores((h) => {
  let projectA: string
  let projectB: string
  const ids: Record<string, string> = {}

  const ledger = async (openid: string, riskOnly = false, stationId = CX) => expectOk(await h().op(getProjectLedger, openid, { stationId, riskOnly }))

  describe('projects', () => {
    it('registers a project with the contractor’s code, 包保 officer, wage account, workers and dates', async () => {
      await addTwins(h())
      const form = expectOk(await h().op(getProjectForm, CX_ADMIN, { countyId: CX }))
      expect(form.stations.map((s) => s.id)).toContain(STREET)
      const officer = form.officers.find((o) => o.stationName === '曹城街道驿站') ?? form.officers[0]!
      const input: ProjectInput = {
        countyId: CX,
        name: '曹县城北安置房项目',
        contractor: '示例建工集团有限公司',
        contractorUscc: CONTRACTOR_USCC.toLowerCase(),
        responsibleStationId: STREET,
        officerId: officer.id,
        wageAccount: 'opened',
        workerCount: 120,
        startOn: '2026-03-01',
        endOn: '2027-06-30',
      }
      projectA = expectOk(await h().op(createProject, CX_ADMIN, input)).id
      const stored = (await h().store.get<ProjectDoc>('projects', projectA))!
      expect(stored).toMatchObject({ contractorUscc: CONTRACTOR_USCC, officer: { officerId: officer.id, name: officer.name }, wageAccount: 'opened', workerCount: 120, startOn: '2026-03-01', endOn: '2027-06-30' })
      projectB = expectOk(await h().op(createProject, CX_ADMIN, { countyId: CX, name: '曹县南关学校项目', contractor: '示例路桥有限公司', responsibleStationId: STREET })).id
      const audits = (await h().store.find<AuditDoc>('audit_log', { orderBy: { field: 'at', dir: 'desc' }, limit: 50 })).items
      expect(audits.filter((a) => a.what === 'project.create').map((a) => a.target)).toEqual(expect.arrayContaining([projectA, projectB]))
    })

    it('refuses a bad code, dates out of order, another county’s admin, and an officer from elsewhere', async () => {
      const base = { countyId: CX, name: '曹县示例项目', contractor: '示例建工集团有限公司', responsibleStationId: STREET }
      expect(expectError(await h().op(createProject, CX_ADMIN, { ...base, contractorUscc: CONTRACTOR_USCC.slice(0, 17) + (CONTRACTOR_USCC[17] === '0' ? '1' : '0') }), 'REQUEST_INVALID').message).toMatch(/统一社会信用代码/)
      expect(expectError(await h().op(createProject, CX_ADMIN, { ...base, startOn: '2027-01-01', endOn: '2026-01-01' }), 'REQUEST_INVALID').message).toMatch(/竣工日期/)
      expectError(await h().op(createProject, MD_ADMIN, base), 'STATION_OUT_OF_SCOPE')
      expectError(await h().op(getProjectForm, MD_ADMIN, { countyId: CX }), 'STATION_OUT_OF_SCOPE')
      expectError(await h().op(createProject, CX_ADMIN, { ...base, officerId: 'of-dev-MD-county-head' }), 'REQUEST_INVALID')
      // A project of another county is not found through this one.
      const v = (await h().store.get<ProjectDoc>('projects', projectA))!._v
      expectError(await h().op(updateProject, MD_ADMIN, { ...base, countyId: 'st-MD-0001', responsibleStationId: 'st-MD-0002', projectId: projectA, version: v }), 'PROJECT_NOT_FOUND')
    })

    it('edits a project, versioned and audited', async () => {
      const p = (await h().store.get<ProjectDoc>('projects', projectB))!
      const r = expectOk(await h().op(updateProject, CX_ADMIN, { countyId: CX, projectId: projectB, version: p._v, name: p.name, contractor: p.contractor, responsibleStationId: STREET, wageAccount: 'abnormal', workerCount: 40 }))
      expect(r.version).toBe(p._v + 1)
      expectError(await h().op(updateProject, CX_ADMIN, { countyId: CX, projectId: projectB, version: p._v, name: p.name, contractor: p.contractor, responsibleStationId: STREET }), 'STORE_CONFLICT')
      const audits = (await h().store.find<AuditDoc>('audit_log', { orderBy: { field: 'at', dir: 'desc' }, limit: 50 })).items
      expect(audits.find((a) => a.what === 'project.update' && a.target === projectB)!.detail).toMatch(/工资专户：not_opened → abnormal|工资专户：无 → abnormal/)
    })
  })

  describe('the project ledger and the county view', () => {
    it('counts open arrears, money and workers from the case writer, through each side (D8a)', async () => {
      ids.open = (await fileArrears(h(), projectA, 'open', 30000, 3)).id
      ids.confidential = (await fileArrears(h(), projectA, 'confidential', 52000, 5, OTHER_WORKER)).id
      ids.anonymous = (await fileArrears(h(), projectA, 'anonymous', 8000, 1)).id
      // Not arrears: a contract question on the same project counts for nothing.
      await h().file({ category: 'contract', projectId: projectA, privacy: 'open' })

      const gov = await ledger('cx-county-gov')
      const rowA = gov.rows.find((r) => r.id === projectA)!
      expect(rowA).toMatchObject({ open: 3, amount: 90000, workers: 9, atRisk: true, wageAccountLabel: '已开设', contractorUscc: CONTRACTOR_USCC })
      expect(rowA.deadline).toMatchObject({ overdue: false, setByAdmin: false, dueOn: '2026-12-25' })
      const emp = await ledger('cx-county-employer')
      expect(emp.rows.find((r) => r.id === projectA)).toMatchObject({ open: 1, amount: 30000, workers: 3 })
      expect(emp.scopeNote).toMatch(/公开/)
      expect(emp.totals).toMatchObject({ open: 1, amount: 30000 })
    })

    it('takes a case back out when it stops being open', async () => {
      expectOk(await h().act(withdrawCase, WORKER, ids.anonymous!, {}))
      const row = (await ledger('cx-county-gov')).rows.find((r) => r.id === projectA)!
      expect(row).toMatchObject({ open: 2, amount: 82000, workers: 8 })
    })

    it('flags 限时化解 overdue after 30 days, or by the date the admin set', async () => {
      const now = h().clock.now
      h().clock.now = now + 31 * DAY
      try {
        let row = (await ledger('cx-county-gov', true)).rows.find((r) => r.id === projectA)!
        expect(row.deadline).toMatchObject({ overdue: true })
        expect(row.deadline!.label).toMatch(/已超期/)
        const p = (await h().store.get<ProjectDoc>('projects', projectA))!
        expectOk(
          await h().op(updateProject, CX_ADMIN, {
            countyId: CX,
            projectId: projectA,
            version: p._v,
            name: p.name,
            contractor: p.contractor,
            contractorUscc: p.contractorUscc,
            responsibleStationId: p.responsibleStationId,
            officerId: p.officer!.officerId,
            wageAccount: 'opened',
            clearBy: '2027-01-31',
          }),
        )
        row = (await ledger('cx-county-gov', true)).rows.find((r) => r.id === projectA)!
        expect(row.deadline).toMatchObject({ overdue: false, setByAdmin: true, dueOn: '2027-01-31' })
      } finally {
        h().clock.now = now
      }
    })

    it('lists the projects at risk equal to a hand count, at the county and the city', async () => {
      const now = h().clock.now
      // Hand count on this fixture: A has 2 open arrears (82 000 yuan); B none and no alert; nothing elsewhere.
      const atRisk = await projectsAtRisk(h().store, CX, now)
      expect(atRisk.map((r) => [r.project._id, r.figures.open, r.figures.amount])).toEqual([[projectA, 2, 82000]])
      const view = await ledger(CX_ADMIN, true)
      expect(view.rows.map((r) => r.id)).toEqual([projectA])
      expect(view.totals).toMatchObject({ projects: 2, atRisk: 1, overdue: 0, open: 2, amount: 82000, workers: 8 })
      expect(view.mayEdit).toBe(true)
      const city = await ledger(CITY_ADMIN, true, 'st-HZ-0001')
      expect(city.isCity).toBe(true)
      expect(city.rows.map((r) => [r.id, r.countyName])).toEqual([[projectA, '曹县驿站']].map(([id]) => [id, city.rows[0]!.countyName]))
      expect(await projectsAtRisk(h().store, null, now)).toHaveLength(1)
      // The employer side's county view counts only the open case.
      expect((await projectsAtRisk(h().store, CX, now, 'employer')).map((r) => r.figures.open)).toEqual([1])
      // A township member is not offered the county view.
      expectError(await h().op(getProjectLedger, 'dev-CX-street-head', { stationId: STREET, riskOnly: true }), 'AUTH_FORBIDDEN')
    })
  })

  describe('the provincial export', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../docs/export/case-v1.schema.json'), 'utf8'))
    const ajv = new Ajv({ allErrors: true, strict: true })
    addFormats(ajv)
    const validate = ajv.compile(schema)

    const readFile = async (url: string) => {
      const got = await h().ports.files.get(url.match(/__files\/(.+)\?/)![1]!)
      return new TextDecoder('utf-8', { ignoreBOM: true }).decode(got!.bytes)
    }

    it('names in its schema exactly the values the product has', () => {
      expect(schema.properties.category.enum).toEqual(Category.options)
      expect(schema.properties.state.enum).toEqual(CaseState.options)
      expect(schema.properties.privacy.enum).toEqual(Privacy.options)
      expect(schema.properties.channel.enum).toEqual(CaseChannel.options)
      expect(schema.required).toEqual(Object.keys(schema.properties))
    })

    it('writes JSON Lines valid against its own schema, with CSV, and no identity of an anonymous case', async () => {
      const r = expectOk(await h().op(exportCases, CX_ADMIN, { stationId: CX, since: null, jobId: 'export-cx-0001' }))
      expect(r.job.state).toBe('done')
      expect(r.count).toBeGreaterThan(0)
      const lines = (await readFile(r.job.url!)).trim().split('\n').map((l) => JSON.parse(l))
      expect(lines).toHaveLength(r.count)
      for (const row of lines as Array<{ county: { id: string } | null }>) {
        if (!validate(row)) throw new Error(JSON.stringify(validate.errors))
        expect(row.county?.id ?? null).toBe(CX)
      }
      const anon = lines.find((l) => l.caseId === ids.anonymous)
      expect(anon).toMatchObject({ privacy: 'anonymous', worker: null, workerWithheld: 'anonymous' })
      const open = lines.find((l) => l.caseId === ids.open)
      expect(open.worker).toEqual({ name: '张三', phone: '13800000001' })
      const csv = await readFile(r.csv!.url)
      expect(csv.split('\r\n')[0]).toMatch(/^\uFEFFschemaVersion,caseId,caseNo/)
      expect(csv.split('\r\n').filter(Boolean)).toHaveLength(r.count + 1)
      // Every identity in the file was logged first; none for the anonymous case.
      const logs = (await h().store.find<AccessLogDoc>('access_log', { where: { countyId: CX }, orderBy: { field: 'at', dir: 'desc' }, limit: 500 })).items.filter((l) => l.why === 'export.cases')
      expect(logs).toHaveLength(r.identities)
      expect(logs.some((l) => l.caseId === ids.anonymous)).toBe(false)
      // A county admin's export is their county only; an admin of another county is refused.
      expectError(await h().op(exportCases, MD_ADMIN, { stationId: CX, since: null, jobId: 'export-md-0001' }), 'STATION_OUT_OF_SCOPE')
    })

    it('goes on from its cursor: only what changed since, then nothing', async () => {
      const first = expectOk(await h().op(exportCases, CITY_ADMIN, { stationId: 'st-HZ-0001', since: null, jobId: 'export-city-0001' }))
      const again = expectOk(await h().op(exportCases, CITY_ADMIN, { stationId: 'st-HZ-0001', since: first.nextCursor, jobId: 'export-city-0002' }))
      expect(again.count).toBe(0)
      expect(again.nextCursor).toBe(first.nextCursor)
      h().clock.now += 60_000
      expectOk(await h().act(withdrawCase, WORKER, ids.open!, {}))
      const changed = expectOk(await h().op(exportCases, CITY_ADMIN, { stationId: 'st-HZ-0001', since: first.nextCursor, jobId: 'export-city-0003' }))
      const lines = (await readFile(changed.job.url!)).trim().split('\n').map((l) => JSON.parse(l))
      expect(lines.map((l) => [l.caseId, l.state])).toEqual([[ids.open, 'withdrawn']])
      // The same job asked again answers as it stands, with its cursor.
      const retried = expectOk(await h().op(exportCases, CITY_ADMIN, { stationId: 'st-HZ-0001', since: first.nextCursor, jobId: 'export-city-0003' }))
      expect(retried.nextCursor).toBe(changed.nextCursor)
      expect(isValidUscc(CONTRACTOR_USCC)).toBe(true)
      expectError(await h().op(exportCases, CITY_ADMIN, { stationId: 'st-HZ-0001', since: 'nonsense', jobId: 'export-city-0004' }), 'REQUEST_INVALID')
    })
  })
  describe('欠薪黑名单', () => {
    let entryId: string
    const entry = { subjectName: '菏泽示例劳务有限公司', uscc: LISTED_USCC, docNo: '菏人社欠黑〔2026〕3号', decidedOn: '2026-11-20', reason: '拖欠 46 名农民工工资 120 万元，经责令限期支付逾期未支付' }

    it('is kept by the city’s bureau admins only, with a valid code; 3 years by default', async () => {
      expectError(await h().op(createBlacklistEntry, CX_ADMIN, entry), 'AUTH_FORBIDDEN')
      expect(expectError(await h().op(createBlacklistEntry, CITY_ADMIN, { ...entry, uscc: LISTED_USCC.slice(0, 17) + (LISTED_USCC[17] === 'A' ? 'B' : 'A') }), 'REQUEST_INVALID').message).toMatch(/统一社会信用代码/)
      const saved = expectOk(await h().op(createBlacklistEntry, CITY_ADMIN, entry))
      entryId = saved.id
      expect(saved).toMatchObject({ listedFrom: '2026-11-20', listedUntil: '2029-11-19', status: 'listed' })
      expectError(await h().op(createBlacklistEntry, CITY_ADMIN, entry), 'BLACKLIST_DUPLICATE')
      const audits = (await h().store.find<AuditDoc>('audit_log', { orderBy: { field: 'at', dir: 'desc' }, limit: 50 })).items
      expect(audits.some((a) => a.what === 'blacklist.create' && a.target === entryId)).toBe(true)
    })

    it('shows the public exactly what the decision publishes, and finds it by name or code', async () => {
      const all = expectOk(await h().op(searchBlacklist, 'anyone-at-all', {}))
      expect(all.total).toBe(1)
      expect(Object.keys(all.items[0]!).sort()).toEqual(['decidedOn', 'docNo', 'id', 'listedFrom', 'listedUntil', 'reason', 'subjectName', 'uscc'])
      expect(JSON.stringify(all)).not.toMatch(/赵科长|createdBy|of-/)
      expect(expectOk(await h().op(searchBlacklist, 'anyone-at-all', { q: '示例劳务' })).items).toHaveLength(1)
      expect(expectOk(await h().op(searchBlacklist, 'anyone-at-all', { q: LISTED_USCC.slice(0, 8).toLowerCase() })).items).toHaveLength(1)
      expect(expectOk(await h().op(searchBlacklist, 'anyone-at-all', { q: '不存在的公司' })).items).toEqual([])
    })

    it('puts a badge on a new case naming the listed employer, for officers', async () => {
      const { id } = await h().file({ category: 'wage_arrears', aboutOwnEmployer: true, employer: { kind: 'named', name: '菏泽示例劳务有限公司' }, privacy: 'open' })
      const detail = expectOk(await h().op(getCaseDetail, 'dev-CX-street-head', { id }))
      expect(detail.blacklist).toEqual({ label: '黑名单单位', docNo: entry.docNo })
      const inbox = expectOk(await h().op(listInbox, 'dev-CX-street-head', { stationId: STREET, tab: 'pending' }))
      expect(inbox.items.find((r) => r.id === id)?.blacklist?.docNo).toBe(entry.docNo)
      // By the code alone too, whatever name was typed.
      const byCode = await h().file({ category: 'wage_arrears', aboutOwnEmployer: true, employer: { kind: 'named', name: '示例劳务（曹县分公司）', uscc: LISTED_USCC }, privacy: 'open' })
      expect(expectOk(await h().op(getCaseDetail, 'dev-CX-street-head', { id: byCode.id })).blacklist).toBeDefined()
      const other = await h().file({ category: 'wage_arrears', aboutOwnEmployer: true, employer: { kind: 'named', name: '另一家建筑公司' }, privacy: 'open' })
      expect(expectOk(await h().op(getCaseDetail, 'dev-CX-street-head', { id: other.id })).blacklist).toBeUndefined()
    })

    it('removes an entry only with a reason, logged; the public no longer sees it', async () => {
      const second = expectOk(await h().op(createBlacklistEntry, CITY_ADMIN, { ...entry, subjectName: '菏泽另一示例劳务有限公司', uscc: code('91371700MA3E6Y9P4'), docNo: '菏人社欠黑〔2026〕4号' }))
      expectError(await h().call('admin', CITY_ADMIN, 'blacklist.remove', { id: second.id, version: second.version }), 'REQUEST_INVALID')
      const removed = expectOk(await h().op(removeBlacklistEntry, CITY_ADMIN, { id: second.id, version: second.version, reason: '行政复议撤销原决定' }))
      expect(removed).toMatchObject({ status: 'removed', removedReason: '行政复议撤销原决定' })
      expectError(await h().op(removeBlacklistEntry, CITY_ADMIN, { id: second.id, version: removed.version, reason: '再移一次' }), 'BLACKLIST_ENDED')
      expect(expectOk(await h().op(searchBlacklist, 'anyone-at-all', {})).items.map((i) => i.id)).toEqual([entryId])
      expect(expectOk(await h().op(listBlacklist, CITY_ADMIN, { status: 'removed' })).items.map((i) => i.id)).toEqual([second.id])
      const audits = (await h().store.find<AuditDoc>('audit_log', { orderBy: { field: 'at', dir: 'desc' }, limit: 50 })).items
      expect(audits.find((a) => a.what === 'blacklist.remove')!.detail).toMatch(/行政复议撤销原决定/)
    })

    it('expires by the sweep after the listing period, logged', async () => {
      const now = h().clock.now
      h().clock.now = sh('2029-11-19 23:00')
      try {
        expect(expectOk(await h().op(runSweep, undefined as never, { budgetMs: 2000 })).blacklistExpired).toBe(0)
        h().clock.now = sh('2029-11-20 00:30')
        // Even before the sweep runs, the public list leaves out a listing past its last day.
        expect(expectOk(await h().op(searchBlacklist, 'anyone-at-all', {})).items).toEqual([])
        expect(expectOk(await h().op(runSweep, undefined as never, { budgetMs: 2000 })).blacklistExpired).toBe(1)
        expect((await h().store.get<BlacklistDoc>('blacklist', entryId))!.status).toBe('expired')
        expect(expectOk(await h().op(runSweep, undefined as never, { budgetMs: 2000 })).blacklistExpired).toBe(0)
        const audits = (await h().store.find<AuditDoc>('audit_log', { orderBy: { field: 'at', dir: 'desc' }, limit: 50 })).items
        expect(audits.find((a) => a.what === 'blacklist.expire' && a.target === entryId)!.detail).toMatch(/届满/)
      } finally {
        h().clock.now = now
      }
    }, 60_000)
  })

})
