import ExcelJS from 'exceljs'
import {
  closeCampaign,
  closeSurveyTask,
  exportSurveyResults,
  getSurveyForm,
  getSurveyResults,
  getSurveyStation,
  getSurveyTemplate,
  listCampaigns,
  listSurveyComments,
  listSurveyStations,
  mySurveys,
  openCampaign,
  publishSurveyTemplate,
  setSurveyThreshold,
  submitSurvey,
  surveyOverview,
  type SurveyResults,
} from '../../types/contracts/surveys'
import { getStation } from '../../types/contracts/station'
import { runSweep } from '../../types/contracts/sweep'
import type { InputOf, OutputOf } from '../../types/contract'
import { voterId, workerCounterId } from '../../cloudfunctions/core/app/surveys'
import type { AuditDoc, SurveyAnswerDoc, SurveyCampaignDoc, SurveyTaskDoc, SurveyVoterDoc } from '../../cloudfunctions/core/app/records'
import { SMALL_GROUP_REASON } from '../../cloudfunctions/core/domain/surveys'
import { findAll } from '../../cloudfunctions/core/app/find-all'
import { LOCAL_CHECK_WORDS } from '../../cloudfunctions/local/content-check'
import { onBothStores } from '../support/both-stores'
import { expectError, expectOk, sh, WORKER, type Harness } from '../support/harness'

/**
 * Satisfaction surveys end to end through the dispatcher, on both store adapters: one answer per worker per
 * campaign (a retry counts once, a second answer is refused, another campaign is fine), the salt gone at close,
 * nothing stored that says who or when, the small-group rule on every result path at 9 and at 10 answers, no
 * figures while a campaign runs, 整改 tasks for dimensions under the line, and who may do what.
 */

jest.setTimeout(60_000)

const FIRM = 'st-CX-0004' // 示例纺织 enterprise station, 曹县
const FIRM_HEAD = 'dev-CX-firm-union' // its head (union side)
const FIRM_HR = 'dev-CX-firm-hr' // its liaison, employer side
const PARK = 'st-CX-0003' // 曹县经济开发区 park station (no head: the county admin runs its surveys)
const COUNTY_ADMIN = 'dev-CX-county-head'
const CITY_ADMIN = 'dev-city-admin'
const OTHER_HEAD = 'dev-MD-street-head' // a head in another county
const MD_FIRM = 'st-MD-0004'

type Form = OutputOf<typeof getSurveyForm>

/** Every question of the form rated `value`, with per-dimension overrides (0 = 不了解). */
const ratingsFor = (form: Form, value: number, by: Partial<Record<string, number>> = {}) =>
  Object.fromEntries(form.template.dimensions.flatMap((d) => d.questions.map((q) => [q.key, by[d.key] ?? value])))

let keySeq = 0
const newKey = () => `answer-key-${String(++keySeq).padStart(6, '0')}`

const open = async (h: Harness, stationId = FIRM, by = FIRM_HEAD, over: Partial<InputOf<typeof openCampaign>> = {}) =>
  expectOk(await h.op(openCampaign, by, { stationId, startsOn: ymd(h.clock.now), days: 14, headcount: 40, ...over }))

const ymd = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)

/** `n` different workers answer; returns the openids. */
const answerMany = async (h: Harness, campaignId: string, n: number, prefix: string, value = 4, by: Partial<Record<string, number>> = {}, comment?: (i: number) => string | undefined) => {
  const form = expectOk(await h.op(getSurveyForm, `${prefix}-0`, { campaignId }))
  const who: string[] = []
  for (let i = 0; i < n; i++) {
    const openid = `${prefix}-${i}`
    const text = comment?.(i)
    expectOk(await h.op(submitSurvey, openid, { campaignId, key: newKey(), ratings: ratingsFor(form, value, by), ...(text ? { comment: text } : {}) }))
    who.push(openid)
  }
  return who
}

const NUMBER_IN_TEXT = /\d\.\d\d|\d+%/

/** Every figure-like thing a results view holds (means, participation, comparisons), for "shows none". */
const figuresIn = (r: SurveyResults): unknown[] => [
  ...(r.participation ? [r.participation] : []),
  ...r.dimensions.flatMap((d) => [d.figure, d.trend, d.county, d.city, ...d.questions.map((q) => q.figure)]),
  ...(r.comments.count !== undefined ? [r.comments.count] : []),
]

let jobSeq = 0
/** The export as a job: it ends done, with a short-lived URL to the file it kept through Files; the file's bytes. */
const exported = async (h: Harness, openid: string, campaignId: string) => {
  const job = expectOk(await h.op(exportSurveyResults, openid, { campaignId, jobId: `export-job-${String(++jobSeq).padStart(4, '0')}` }))
  expect(job).toMatchObject({ state: 'done', percent: 100, fileName: expect.stringMatching(/^满意度测评_.+\.xlsx$/) })
  const file = await h.ports.files.get(decodeURIComponent(job.url!.split('?')[0]!.replace(/^\/__files\//, '')))
  expect(file?.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  return file!.bytes
}

/** The cells of every sheet of an exported workbook. */
const workbookCells = async (bytes: Uint8Array) => {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  const sheets: Record<string, unknown[][]> = {}
  wb.eachSheet((ws) => {
    const rows: unknown[][] = []
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
    sheets[ws.name] = rows
  })
  return sheets
}

onBothStores((get) => {
  let h: Harness
  beforeEach(() => {
    h = get()
    h.clock.now = sh('2026-11-25 10:00')
  })

  describe('one answer per worker per campaign', () => {
    it('refuses a second answer, counts a retry once, accepts the same worker in another campaign, and forgets who answered at close', async () => {
      const firm = await open(h)
      expect(firm).toMatchObject({ phase: 'running', answers: 0, headcount: 40, templateVersion: 1 })

      // The station page offers it while it runs.
      const card = expectOk(await h.op(getStation, WORKER, { code: 'HZ-CX-0004' }))
      expect(card.survey).toMatchObject({ campaignId: firm.id, answered: false })

      const form = expectOk(await h.op(getSurveyForm, WORKER, { campaignId: firm.id }))
      expect(form.template.dimensions.map((d) => d.label)).toEqual(['劳动合同制度实施', '工资薪酬待遇', '社会保险待遇', '工时休假待遇', '劳动安全卫生情况', '工会建设及民主管理'])
      for (const d of form.template.dimensions) expect(d.questions.length).toBeGreaterThanOrEqual(3)
      expect(form.answered).toBe(false)

      const key = newKey()
      const input = { campaignId: firm.id, key, ratings: ratingsFor(form, 4, { pay: 0 }), comment: '食堂饭菜可以再好一点' }
      expect(expectOk(await h.op(submitSurvey, WORKER, input))).toEqual({ recorded: true, answered: 1 })
      // A retry of the same answer (the reply was lost): accepted again, counted once.
      expect(expectOk(await h.op(submitSurvey, WORKER, input))).toEqual({ recorded: true, answered: 1 })
      // A second, different answer by the same worker: refused in words, nothing written.
      const again = expectError(await h.op(submitSurvey, WORKER, { ...input, key: newKey(), ratings: ratingsFor(form, 1) }), 'SURVEY_ALREADY_ANSWERED')
      expect(again.message).toBe('你已经参加过这次测评了，每人只能答一次，谢谢你')
      expect(await h.store.count('survey_answers', { campaignId: firm.id })).toBe(1)
      expect(expectOk(await h.op(getSurveyStation, FIRM_HEAD, { stationId: FIRM })).current).toMatchObject({ answers: 1, headcount: 40 })
      expect(expectOk(await h.op(getSurveyForm, WORKER, { campaignId: firm.id })).answered).toBe(true)
      expect(expectOk(await h.op(getStation, WORKER, { code: 'HZ-CX-0004' })).survey).toMatchObject({ answered: true })

      // The same worker in another campaign (the park's, opened by the county admin): accepted.
      const park = await open(h, PARK, COUNTY_ADMIN)
      const parkForm = expectOk(await h.op(getSurveyForm, WORKER, { campaignId: park.id }))
      expect(expectOk(await h.op(submitSurvey, WORKER, { campaignId: park.id, key: newKey(), ratings: ratingsFor(parkForm, 5) }))).toEqual({ recorded: true, answered: 2 })
      expect(expectOk(await h.op(mySurveys, WORKER, {}))).toEqual({ answered: 2 })
      expect(expectOk(await h.op(mySurveys, 'someone-else', {}))).toEqual({ answered: 0 })

      // What is stored: the answer has no identity, time or device; the hash is keyed by the salt, not the case key.
      const answer = (await findAll<SurveyAnswerDoc>(h.store, 'survey_answers', { where: { campaignId: firm.id } }))[0]!
      expect(Object.keys(answer).sort()).toEqual(['_id', '_v', 'campaignId', 'comment', 'hasComment', 'ratings'])
      expect(answer._id).not.toMatch(/^01/)
      const voters = await findAll<SurveyVoterDoc>(h.store, 'survey_voters', { where: { campaignId: firm.id } })
      expect(voters).toHaveLength(1)
      expect(Object.keys(voters[0]!).sort()).toEqual(['_id', '_v', 'campaignId', 'tag'])
      const caseKey = h.ports.secrets.workerKey(WORKER)
      expect(voters[0]!._id).not.toBe(caseKey)
      expect(workerCounterId(h.ports.secrets, WORKER)).not.toContain(caseKey)
      const salt = (await h.store.get<{ _id: string; _v: number; salt: string }>('survey_salts', firm.id))!
      expect(voterId(salt.salt, firm.id, WORKER)).toBe(voters[0]!._id)

      // Closing destroys the salt: the stored hash can no longer be recomputed, and no answer is taken.
      expectOk(await h.op(closeCampaign, FIRM_HEAD, { campaignId: firm.id }))
      expect(await h.store.get('survey_salts', firm.id)).toBeNull()
      expect(await h.store.count('survey_salts', { _id: firm.id })).toBe(0)
      expect(await h.store.count('survey_voters', { campaignId: firm.id })).toBe(1)
      expectError(await h.op(submitSurvey, 'late-worker', { ...input, key: newKey() }), 'SURVEY_NOT_OPEN')
      expectError(await h.op(getSurveyForm, WORKER, { campaignId: firm.id }), 'SURVEY_NOT_OPEN')
      expect(expectOk(await h.op(getStation, WORKER, { code: 'HZ-CX-0004' })).survey).toBeNull()
      expectOk(await h.op(closeCampaign, COUNTY_ADMIN, { campaignId: park.id }))
    })

    it('refuses an incomplete questionnaire and a rating off the scale, writing nothing', async () => {
      const c = await open(h)
      const form = expectOk(await h.op(getSurveyForm, WORKER, { campaignId: c.id }))
      const ratings = ratingsFor(form, 3)
      const [first] = Object.keys(ratings)
      const missing = { ...ratings }
      delete missing[first!]
      expect(expectError(await h.op(submitSurvey, WORKER, { campaignId: c.id, key: newKey(), ratings: missing }), 'REQUEST_INVALID').message).toBe('还有 1 道题没有选，请选一个答案（不清楚可以选「不了解」）')
      expectError(await h.call('worker', WORKER, 'survey.submit', { campaignId: c.id, key: newKey(), ratings: { ...ratings, [first!]: 7 } }), 'REQUEST_INVALID')
      expectError(await h.op(submitSurvey, WORKER, { campaignId: c.id, key: newKey(), ratings: { ...ratings, 'made-up': 3 } }), 'REQUEST_INVALID')
      expectError(await h.op(submitSurvey, WORKER, { campaignId: c.id, key: newKey(), ratings, comment: '很'.repeat(301) }), 'REQUEST_INVALID')
      expect(await h.store.count('survey_answers', { campaignId: c.id })).toBe(0)
      expect(await h.store.count('survey_voters', { campaignId: c.id })).toBe(0)
      expectOk(await h.op(closeCampaign, FIRM_HEAD, { campaignId: c.id }))
    })
  })

  describe('the small-group rule on every result path', () => {
    it('with 9 answers shows no figure and no comment anywhere; at 10 it does', async () => {
      // A county neighbour with 12 answers, so county and city means exist.
      const park = await open(h, PARK, COUNTY_ADMIN)
      await answerMany(h, park.id, 12, 'park-w', 5)
      expectOk(await h.op(closeCampaign, COUNTY_ADMIN, { campaignId: park.id }))

      const small = await open(h)
      await answerMany(h, small.id, 9, 'small-w', 2, {}, (i) => `第 ${i} 位的留言`)

      // While it runs: only the count.
      const running = expectOk(await h.op(getSurveyResults, FIRM_HEAD, { campaignId: small.id }))
      expect(running).toMatchObject({ state: 'running', dimensions: [], comments: { shown: false } })
      expect(running.campaign.answers).toBe(9)
      expect(figuresIn(running)).toEqual([])
      expect(expectOk(await h.op(listSurveyComments, FIRM_HEAD, { campaignId: small.id }))).toMatchObject({ shown: false, items: [] })

      expectOk(await h.op(closeCampaign, FIRM_HEAD, { campaignId: small.id }))

      // API: the reason, nothing else.
      const withheld = expectOk(await h.op(getSurveyResults, FIRM_HEAD, { campaignId: small.id }))
      expect(withheld).toMatchObject({ state: 'withheld', reason: SMALL_GROUP_REASON, dimensions: [], comments: { shown: false } })
      expect(figuresIn(withheld)).toEqual([])
      const comments = expectOk(await h.op(listSurveyComments, FIRM_HEAD, { campaignId: small.id }))
      expect(comments).toEqual({ shown: false, reason: SMALL_GROUP_REASON, items: [] })
      // No 整改 either: a task would say the mean was low.
      expect(await h.store.count('survey_tasks', { stationId: FIRM })).toBe(0)

      // Export: the reason in place of every figure, no comment sheet.
      const cells = await workbookCells(await exported(h, FIRM_HEAD, small.id))
      expect(Object.keys(cells)).toEqual(['测评概况'])
      expect(JSON.stringify(cells)).toContain(SMALL_GROUP_REASON)
      expect(JSON.stringify(cells)).not.toMatch(/留言/)
      expect(JSON.stringify(cells)).not.toMatch(NUMBER_IN_TEXT)

      // Comparison: the county and city means of the neighbour are its own (the small campaign is not pooled).
      const parkResults = expectOk(await h.op(getSurveyResults, COUNTY_ADMIN, { campaignId: park.id }))
      for (const d of parkResults.dimensions) {
        expect(d.county).toEqual({ shown: true, value: { mean: 5, campaigns: 1 } })
        expect(d.city).toEqual({ shown: true, value: { mean: 5, campaigns: 1 } })
      }

      // County view: the campaign row shows no participation; the county pools only the neighbour.
      const rows = expectOk(await h.op(listCampaigns, COUNTY_ADMIN, { year: 2026 })).items
      const row = rows.find((r) => r.id === small.id)!
      expect(row.participation).toEqual({ shown: false, reason: SMALL_GROUP_REASON })
      expect(row.weakCount).toEqual({ shown: false, reason: SMALL_GROUP_REASON })
      const overview = expectOk(await h.op(surveyOverview, COUNTY_ADMIN, { year: 2026 }))
      const cx = overview.counties.find((c) => c.countyId === 'st-CX-0001')!
      expect(cx.weakest).toMatchObject({ shown: true })
      if (cx.weakest.shown) for (const w of cx.weakest.value) expect(w.mean).toBe(5)

      // The same station's next campaign reaches 10: everything appears, and the trend against the withheld one is withheld.
      const ten = await open(h)
      // One comment content security judges risky (ADR 0032): kept, never shown, counted apart.
      await answerMany(h, ten.id, 10, 'ten-w', 3, { hours: 2 }, (i) => (i < 3 ? `留言 ${i}` : i === 3 ? `留言 ${LOCAL_CHECK_WORDS.risky[0]}` : undefined))
      expect(expectOk(await h.op(getSurveyResults, FIRM_HEAD, { campaignId: ten.id })).state).toBe('running')
      expectOk(await h.op(closeCampaign, FIRM_HEAD, { campaignId: ten.id }))
      const shown = expectOk(await h.op(getSurveyResults, FIRM_HR, { campaignId: ten.id }))
      expect(shown.state).toBe('shown')
      expect(shown.participation).toEqual({ shown: true, value: 25 })
      expect(shown.comments).toEqual({ shown: true, count: 3, held: 1 })
      const hours = shown.dimensions.find((d) => d.key === 'hours')!
      expect(hours.figure).toEqual({ shown: true, value: { mean: 2, count: 30, unknown: 0, dist: [0, 30, 0, 0, 0] } })
      expect(hours.trend).toEqual({ shown: false, reason: SMALL_GROUP_REASON })
      expect(hours.county).toMatchObject({ shown: true, value: { campaigns: 2 } })
      expect(hours.questions[0]!.figure).toEqual({ shown: true, value: { mean: 2, count: 10, unknown: 0, dist: [0, 10, 0, 0, 0] } })
      // The same question across the county (the park's 12 at 5, these 10 at 2) and the city; the 9 are not in it.
      expect(hours.questions[0]!.county).toEqual({ shown: true, value: { mean: 3.64, campaigns: 2 } })
      expect(hours.questions[0]!.city).toEqual({ shown: true, value: { mean: 3.64, campaigns: 2 } })
      const listed = expectOk(await h.op(listSurveyComments, FIRM_HEAD, { campaignId: ten.id }))
      expect(listed.shown).toBe(true)
      expect(listed.items.map((i) => i.text).sort()).toEqual(['留言 0', '留言 1', '留言 2'])

      const tenXlsx = await workbookCells(await exported(h, FIRM_HEAD, ten.id))
      expect(Object.keys(tenXlsx)).toEqual(['测评概况', '六个方面', '每道题', '职工留言'])
      expect(tenXlsx['六个方面']!.find((r) => r[0] === '工时休假待遇')!.slice(1, 3)).toEqual([2, 30])
      expect(tenXlsx['每道题']![0]!.slice(-3)).toEqual(['比上次', '县区平均', '全市平均'])
      expect(tenXlsx['职工留言']!.slice(1).map((r) => r[0]).sort()).toEqual(['留言 0', '留言 1', '留言 2'])

      const tenRow = expectOk(await h.op(listCampaigns, COUNTY_ADMIN, { year: 2026 })).items.find((r) => r.id === ten.id)!
      expect(tenRow.participation).toEqual({ shown: true, value: 25 })
    })

    it('withholds a question that fewer than 10 people rated (the rest said 不了解), though the campaign has 10 answers', async () => {
      const c = await open(h)
      const form = expectOk(await h.op(getSurveyForm, 'q-0', { campaignId: c.id }))
      const safety = form.template.dimensions.find((d) => d.key === 'safety')!.questions[0]!.key
      for (let i = 0; i < 10; i++) {
        const ratings = ratingsFor(form, 4)
        if (i < 2) ratings[safety] = 0
        expectOk(await h.op(submitSurvey, `q-${i}`, { campaignId: c.id, key: newKey(), ratings }))
      }
      expectOk(await h.op(closeCampaign, FIRM_HEAD, { campaignId: c.id }))
      const r = expectOk(await h.op(getSurveyResults, FIRM_HEAD, { campaignId: c.id }))
      const dim = r.dimensions.find((d) => d.key === 'safety')!
      expect(dim.questions[0]!.figure).toEqual({ shown: false, reason: SMALL_GROUP_REASON })
      // The dimension has 10 people who rated one of its questions: shown, with 不了解 counted apart.
      expect(dim.figure).toMatchObject({ shown: true, value: { mean: 4, unknown: 2 } })
    })
  })

  describe('薄弱环节 and 整改', () => {
    it('opens a task for each dimension under the line, closes it with a note, and the next campaign says whether it improved', async () => {
      const first = await open(h)
      await answerMany(h, first.id, 10, 'weak-w', 4, { hours: 2, safety: 3 })
      expectOk(await h.op(closeCampaign, FIRM_HEAD, { campaignId: first.id }))
      const tasks = (await findAll<SurveyTaskDoc>(h.store, 'survey_tasks', { where: { stationId: FIRM } })).filter((t) => t.campaignId === first.id)
      expect(tasks.map((t) => [t.dimension, t.mean, t.status]).sort()).toEqual([
        ['hours', 2, 'open'],
        ['safety', 3, 'open'],
      ])
      const r = expectOk(await h.op(getSurveyResults, FIRM_HEAD, { campaignId: first.id }))
      expect(r.dimensions.filter((d) => d.weak).map((d) => d.key)).toEqual(['hours', 'safety'])
      expect(r.dimensions.find((d) => d.key === 'hours')!.task).toMatchObject({ status: 'open', statusLabel: '整改中' })

      const station = expectOk(await h.op(getSurveyStation, FIRM_HEAD, { stationId: FIRM }))
      const opened = station.tasks.filter((t) => t.campaignId === first.id)
      expect(opened.map((t) => [t.dimensionLabel, t.canClose]).sort()).toEqual([['劳动安全卫生情况', true], ['工时休假待遇', true]].sort())
      // The employer-side liaison sees the tasks but may not close them; the head closes one with a note.
      const hoursTask = opened.find((t) => t.dimension === 'hours')!
      expect(expectOk(await h.op(getSurveyStation, FIRM_HR, { stationId: FIRM })).tasks.every((t) => !t.canClose)).toBe(true)
      expectError(await h.op(closeSurveyTask, FIRM_HR, { taskId: hoursTask.id, note: '已经调整排班' }), 'AUTH_FORBIDDEN')
      expectError(await h.op(closeSurveyTask, FIRM_HEAD, { taskId: hoursTask.id, note: '好' }), 'REQUEST_INVALID')
      const closed = expectOk(await h.op(closeSurveyTask, FIRM_HEAD, { taskId: hoursTask.id, note: '调整排班，保证每周休息一天，加班先征求意见' }))
      expect(closed).toMatchObject({ status: 'closed', statusLabel: '已整改', note: '调整排班，保证每周休息一天，加班先征求意见' })
      expect(closed.closedLabel).toContain('办结')
      expectError(await h.op(closeSurveyTask, FIRM_HEAD, { taskId: hoursTask.id, note: '再办结一次试试' }), 'SURVEY_TASK_CLOSED')

      // The next campaign: hours improved, safety did not.
      h.clock.now = sh('2026-12-20 10:00')
      const next = await open(h)
      await answerMany(h, next.id, 10, 'next-w', 4, { hours: 4, safety: 3 })
      expectOk(await h.op(closeCampaign, FIRM_HEAD, { campaignId: next.id }))
      const again = expectOk(await h.op(getSurveyResults, FIRM_HEAD, { campaignId: next.id }))
      expect(again.previous).toMatchObject({ id: first.id })
      const hours = again.dimensions.find((d) => d.key === 'hours')!
      expect(hours.followUp).toMatchObject({ task: { status: 'closed' }, improved: { shown: true, value: true }, words: '整改前 2.00 分，本次 4.00 分，有改善' })
      expect(hours.trend).toEqual({ shown: true, value: { previous: 2, delta: 2 } })
      expect(hours.questions[0]!.trend).toEqual({ shown: true, value: { previous: 2, delta: 2 } })
      expect(hours.weak).toBe(false)
      const safety = again.dimensions.find((d) => d.key === 'safety')!
      expect(safety.followUp).toMatchObject({ task: { status: 'open' }, improved: { shown: true, value: false } })
      expect(safety.weak).toBe(true)
    })

    it('the line is the city admin’s to set, written to the audit log, and applies to campaigns closed afterwards', async () => {
      const t = expectOk(await h.op(getSurveyTemplate, CITY_ADMIN, {}))
      expect(t.threshold).toEqual({ value: 3.5, version: 0, isDefault: true })
      expectError(await h.op(setSurveyThreshold, COUNTY_ADMIN, { version: 0, value: 4 }), 'AUTH_FORBIDDEN')
      expectError(await h.call('admin', CITY_ADMIN, 'survey.setThreshold', { version: 0, value: 6 }), 'REQUEST_INVALID')
      const set = expectOk(await h.op(setSurveyThreshold, CITY_ADMIN, { version: 0, value: 4.2 }))
      expect(set).toEqual({ value: 4.2, version: 1, isDefault: false })
      expectError(await h.op(setSurveyThreshold, CITY_ADMIN, { version: 0, value: 4 }), 'STORE_CONFLICT')
      const rows = await findAll<AuditDoc>(h.store, 'audit_log', { where: { at: { $gte: 0 } } })
      expect(rows.find((r) => r.what === 'survey.threshold')).toMatchObject({ by: 'of-dev-city-admin', detail: '薄弱环节线：3.5 分 → 4.2 分' })

      const c = await open(h)
      await answerMany(h, c.id, 10, 'line-w', 4)
      expectOk(await h.op(closeCampaign, FIRM_HEAD, { campaignId: c.id }))
      // Every dimension at 4.00 is under 4.2 now.
      expect((await h.store.get<SurveyCampaignDoc>('survey_campaigns', c.id))!.weak).toHaveLength(6)
      expectOk(await h.op(setSurveyThreshold, CITY_ADMIN, { version: 1, value: 3.5 }))
    })
  })

  describe('campaigns', () => {
    it('a running campaign keeps its questionnaire when a new version is published; the next one gets the new version', async () => {
      const c = await open(h)
      const before = expectOk(await h.op(getSurveyTemplate, CITY_ADMIN, {}))
      const dims = before.current.dimensions.map((d) => ({ key: d.key, questions: d.questions.map((q) => q.text) }))
      dims[1]!.questions.push('单位按时告诉你工资调整的情况')
      expectError(await h.op(publishSurveyTemplate, COUNTY_ADMIN, { basedOn: before.current.version, note: '工资方面加一道题', dimensions: dims, commentPrompt: before.current.commentPrompt }), 'AUTH_FORBIDDEN')
      const swapped = [dims[1]!, dims[0]!, ...dims.slice(2)]
      expectError(await h.op(publishSurveyTemplate, CITY_ADMIN, { basedOn: before.current.version, note: '顺序不对', dimensions: swapped, commentPrompt: '还有什么想说的' }), 'REQUEST_INVALID')
      const v2 = expectOk(await h.op(publishSurveyTemplate, CITY_ADMIN, { basedOn: before.current.version, note: '工资方面加一道题', dimensions: dims, commentPrompt: before.current.commentPrompt }))
      expect(v2.version).toBe(before.current.version + 1)
      expect(v2.dimensions[1]!.questions).toHaveLength(5)
      expectError(await h.op(publishSurveyTemplate, CITY_ADMIN, { basedOn: before.current.version, note: '旧版上再改', dimensions: dims, commentPrompt: before.current.commentPrompt }), 'STORE_CONFLICT')

      // The running campaign asks its own version.
      const form = expectOk(await h.op(getSurveyForm, WORKER, { campaignId: c.id }))
      expect(form.template.version).toBe(before.current.version)
      expectOk(await h.op(closeCampaign, FIRM_HEAD, { campaignId: c.id }))
      const next = await open(h)
      expect(next.templateVersion).toBe(v2.version)
      expect(expectOk(await h.op(getSurveyForm, WORKER, { campaignId: next.id })).template.questionCount).toBe(before.current.questionCount + 1)
      expectOk(await h.op(closeCampaign, FIRM_HEAD, { campaignId: next.id }))
    })

    it('the sweep closes a campaign at its end date; an upcoming one takes no answers yet; one campaign at a time', async () => {
      const c = await open(h, FIRM, FIRM_HEAD, { startsOn: '2026-11-26', days: 3 })
      expect(c).toMatchObject({ phase: 'upcoming', windowLabel: '2026年11月26日 至 11月28日' })
      expectError(await h.op(openCampaign, FIRM_HEAD, { stationId: FIRM, startsOn: '2026-11-27', days: 3, headcount: 5 }), 'SURVEY_RUNNING')
      expectError(await h.op(getSurveyForm, WORKER, { campaignId: c.id }), 'SURVEY_NOT_OPEN')
      expect(expectOk(await h.op(getStation, WORKER, { code: 'HZ-CX-0004' })).survey).toBeNull()

      h.clock.now = sh('2026-11-26 08:00')
      const form = expectOk(await h.op(getSurveyForm, WORKER, { campaignId: c.id }))
      expectOk(await h.op(submitSurvey, WORKER, { campaignId: c.id, key: newKey(), ratings: ratingsFor(form, 4) }))
      expect(expectOk(await h.op(runSweep, null, {})).surveysClosed).toBe(0)

      h.clock.now = sh('2026-11-29 00:01')
      expect(expectOk(await h.op(getSurveyResults, FIRM_HEAD, { campaignId: c.id })).campaign.phase).toBe('ended')
      expectError(await h.op(submitSurvey, OTHER_HEAD, { campaignId: c.id, key: newKey(), ratings: ratingsFor(form, 4) }), 'SURVEY_NOT_OPEN')
      expect(expectOk(await h.op(runSweep, null, { dryRun: true })).surveysClosed).toBe(1)
      expect(expectOk(await h.op(runSweep, null, {})).surveysClosed).toBe(1)
      expect(await h.store.get('survey_salts', c.id)).toBeNull()
      const closed = expectOk(await h.op(getSurveyResults, FIRM_HEAD, { campaignId: c.id }))
      expect(closed).toMatchObject({ state: 'withheld', campaign: { phase: 'closed', closedLabel: '11月29日 周日 到期结束' } })
      expect(expectOk(await h.op(runSweep, null, {})).surveysClosed).toBe(0)
    })

    it('two heads opening at the same moment make one campaign', async () => {
      const both = await Promise.all([
        h.op(openCampaign, FIRM_HEAD, { stationId: FIRM, startsOn: ymd(h.clock.now), days: 7, headcount: 10 }),
        h.op(openCampaign, COUNTY_ADMIN, { stationId: FIRM, startsOn: ymd(h.clock.now), days: 7, headcount: 12 }),
      ])
      expect(both.filter((r) => r.ok)).toHaveLength(1)
      expectError(both.find((r) => !r.ok)!, 'SURVEY_RUNNING')
      const ok = both.find((r) => r.ok)!
      if (ok.ok) expectOk(await h.op(closeCampaign, FIRM_HEAD, { campaignId: ok.data.id }))
    })

    it('refuses a bad window, a station where surveys do not run, and callers without the right', async () => {
      const campaignsBefore = await h.store.count('survey_campaigns', { stationId: FIRM })
      expectError(await h.op(openCampaign, FIRM_HEAD, { stationId: FIRM, startsOn: '2026-11-24', days: 7, headcount: 10 }), 'REQUEST_INVALID')
      expectError(await h.call('officer', FIRM_HEAD, 'survey.open', { stationId: FIRM, startsOn: '2026-11-25', days: 90, headcount: 10 }), 'REQUEST_INVALID')
      expectError(await h.call('officer', FIRM_HEAD, 'survey.open', { stationId: FIRM, startsOn: '2026-11-25', days: 7, headcount: 0 }), 'REQUEST_INVALID')
      expectError(await h.op(openCampaign, 'dev-CX-street-head', { stationId: 'st-CX-0002', startsOn: '2026-11-25', days: 7, headcount: 10 }), 'SURVEY_STATION_KIND')
      // The employer-side liaison is a member, not the head; nor is a head elsewhere; a worker is no officer.
      expectError(await h.op(openCampaign, FIRM_HR, { stationId: FIRM, startsOn: '2026-11-25', days: 7, headcount: 10 }), 'AUTH_FORBIDDEN')
      expectError(await h.op(openCampaign, OTHER_HEAD, { stationId: FIRM, startsOn: '2026-11-25', days: 7, headcount: 10 }), 'AUTH_FORBIDDEN')
      expectError(await h.op(openCampaign, WORKER, { stationId: FIRM, startsOn: '2026-11-25', days: 7, headcount: 10 }), 'AUTH_NOT_OFFICER')
      expect(await h.store.count('survey_campaigns', { stationId: FIRM })).toBe(campaignsBefore)

      const c = await open(h)
      expectError(await h.op(getSurveyResults, OTHER_HEAD, { campaignId: c.id }), 'STATION_OUT_OF_SCOPE')
      expectError(await h.op(closeCampaign, FIRM_HR, { campaignId: c.id }), 'AUTH_FORBIDDEN')
      expectError(await h.op(getSurveyResults, FIRM_HEAD, { campaignId: 'sv-nothing-1' }), 'SURVEY_NOT_FOUND')
      expectError(await h.op(surveyOverview, FIRM_HEAD, {}), 'AUTH_FORBIDDEN')
      // A county admin lists only their county; another county is out of scope.
      expectError(await h.op(listCampaigns, COUNTY_ADMIN, { year: 2026, countyId: 'st-MD-0001' }), 'STATION_OUT_OF_SCOPE')
      const mine = expectOk(await h.op(listSurveyStations, FIRM_HR, {}))
      expect(mine.items).toEqual([expect.objectContaining({ stationId: FIRM, canRun: false, current: expect.objectContaining({ id: c.id, answers: 0 }) })])
      expect(expectOk(await h.op(listSurveyStations, 'dev-CX-street-head', {})).items).toEqual([])
      expectOk(await h.op(closeCampaign, FIRM_HEAD, { campaignId: c.id }))
      expectError(await h.op(closeCampaign, FIRM_HEAD, { campaignId: c.id }), 'SURVEY_NOT_OPEN')
    })

    it('the city admin sees every county; a county admin only theirs', async () => {
      const md = await open(h, MD_FIRM, 'dev-MD-county-head')
      const city = expectOk(await h.op(surveyOverview, CITY_ADMIN, { year: 2026 }))
      expect(city.counties).toHaveLength(9)
      expect(city.scopeName).toBe('菏泽市')
      expect(city.canEditTemplate).toBe(true)
      expect(city.counties.find((c) => c.countyId === 'st-MD-0001')).toMatchObject({ running: 1, participation: { shown: false } })
      const county = expectOk(await h.op(surveyOverview, COUNTY_ADMIN, { year: 2026 }))
      expect(county.counties.map((c) => c.countyId)).toEqual(['st-CX-0001'])
      expect(county.canEditTemplate).toBe(false)
      expect(expectOk(await h.op(listCampaigns, COUNTY_ADMIN, { year: 2026 })).items.some((r) => r.id === md.id)).toBe(false)
      expect(expectOk(await h.op(listCampaigns, CITY_ADMIN, { year: 2026, countyId: 'st-MD-0001' })).items.map((r) => r.id)).toEqual([md.id])
      expectOk(await h.op(closeCampaign, 'dev-MD-county-head', { campaignId: md.id }))
    })
  })
})
