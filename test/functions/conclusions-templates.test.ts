import type { AuditDoc, CaseDoc } from '../../cloudfunctions/core/app/records'
import {
  acceptCase,
  getCaseDetail,
  getMe,
  getMyCase,
  listConclusions,
  listTemplates,
  removeTemplate,
  resolveCase,
  saveTemplate,
  setConclusions,
  templatesForCase,
} from '../../types/contracts'
import { expectError, expectOk, makeHarness, snapshotCounts, WORKER, type Harness } from '../support/harness'

const HEAD = 'dev-CX-street-head'
const REP = 'dev-CX-street-rep'
const PARK = 'dev-CX-park-liaison'
const COUNTY = 'dev-CX-county-head'
const CITY = 'dev-city-admin'

let h: Harness
beforeEach(async () => {
  h = await makeHarness()
})
afterEach(() => h.close())

/** A case accepted at the street station, ready to resolve. */
const accepted = async (over: Parameters<Harness['file']>[0] = {}) => {
  const { id } = await h.file(over)
  expectOk(await h.act(acceptCase, HEAD, id))
  return id
}

describe('resolving needs a standard conclusion (办结结论)', () => {
  it('refuses a resolution without one, in Chinese, and changes nothing', async () => {
    const id = await accepted()
    const version = expectOk(await h.op(getCaseDetail, HEAD, { id })).version
    const before = await snapshotCounts(h.store)
    const err = expectError(await h.call('officer', HEAD, 'case.resolve', { id, version, text: '单位已补发工资。' }), 'REQUEST_INVALID')
    expect(err.message).toBe('请选择办结结论')
    expect(err.fields).toEqual(['conclusion'])
    expect(expectError(await h.op(resolveCase, HEAD, { id, version, text: '单位已补发工资。', conclusion: 'nope' }), 'REQUEST_INVALID').message).toBe('请从列表中选择办结结论')
    expect(expectError(await h.op(resolveCase, HEAD, { id, version, text: '单位已补发工资。', conclusion: 'other' }), 'REQUEST_INVALID').message).toBe('选择“其他（说明）”时，请写明结论')
    expect(await snapshotCounts(h.store)).toEqual(before)
    expect((await h.store.get<CaseDoc>('cases', id))!.state).toBe('accepted')
  })

  it('records the conclusion on the case and shows it to the worker in plain words', async () => {
    const id = await accepted()
    expectOk(await h.act(resolveCase, HEAD, id, { text: '已向职工解释加班费的算法，单位按规定补算。', conclusion: 'other', conclusionNote: '单位同意下月补算' }))
    expect((await h.store.get<CaseDoc>('cases', id))!.conclusion).toEqual({ key: 'other', label: '其他（说明）', note: '单位同意下月补算' })
    const mine = expectOk(await h.op(getMyCase, WORKER, { id }))
    expect(mine.conclusion).toEqual({ label: '其他（说明）', lines: ['其他：单位同意下月补算'] })
    expect(mine.timeline.map((t) => t.text)).toContain('办结结论：其他：单位同意下月补算')
    expect(expectOk(await h.op(getCaseDetail, HEAD, { id })).conclusion?.lines).toEqual(['其他：单位同意下月补算'])
  })

  it('takes the money recovered and the workers paid for wage arrears, and only there', async () => {
    const id = await accepted({ category: 'wage_arrears', workersAffected: 5, description: '工地拖欠我们五个人两个月的工资。' })
    const version = expectOk(await h.op(getCaseDetail, HEAD, { id })).version
    const base = { id, version, text: '项目部已补发工资。', conclusion: 'solved' }
    expect(expectError(await h.op(resolveCase, HEAD, base), 'REQUEST_INVALID')).toMatchObject({
      message: '农民工欠薪诉求办结时，请填写追回的工资金额（没有追回填 0）',
      fields: ['amountRecovered'],
    })
    expect(expectError(await h.op(resolveCase, HEAD, { ...base, amountRecovered: 12_000 }), 'REQUEST_INVALID').message).toBe('农民工欠薪诉求办结时，请填写拿到工资的人数（没有填 0）')
    expect(expectError(await h.op(resolveCase, HEAD, { ...base, amountRecovered: -1, workersPaid: 5 }), 'REQUEST_INVALID').message).toBe('追回金额不能是负数')
    expect(expectError(await h.op(resolveCase, HEAD, { ...base, amountRecovered: 100, workersPaid: 1.5 }), 'REQUEST_INVALID').message).toBe('拿到工资的人数请填整数')
    expectOk(await h.op(resolveCase, HEAD, { ...base, amountRecovered: 12_000, workersPaid: 5 }))
    expect((await h.store.get<CaseDoc>('cases', id))!.conclusion).toEqual({ key: 'solved', label: '已解决', amountRecovered: 12_000, workersPaid: 5 })
    expect(expectOk(await h.op(getMyCase, WORKER, { id })).conclusion!.lines).toEqual(['已解决', '追回工资 12000 元', '5 人拿到了工资'])

    const pay = await accepted()
    expect(expectError(await h.act(resolveCase, HEAD, pay, { text: '单位已补发工资。', conclusion: 'solved', amountRecovered: 100 }), 'REQUEST_INVALID').message).toBe(
      '只有农民工欠薪诉求需要填写追回金额和人数',
    )
  })

  it('is a list the city admin edits: renamed, added and switched off, never dropped', async () => {
    const list = expectOk(await h.op(listConclusions, HEAD, {}))
    expect(list.items.map((i) => i.label)).toEqual(['已解决', '部分解决', '已达成调解', '已转劳动仲裁', '已转劳动保障监察', '诉求不属实', '已解释政策', '其他（说明）'])
    expect(list.wageCategories).toEqual(['wage_arrears'])
    const items = list.items.map((i) => (i.key === 'solved' ? { ...i, label: '问题已解决' } : i.key === 'partly' ? { ...i, active: false } : i))
    expectError(await h.op(setConclusions, COUNTY, { version: 0, items }), 'AUTH_FORBIDDEN')
    const saved = expectOk(await h.op(setConclusions, CITY, { version: 0, items: [...items, { label: '已协调用人单位', needsNote: false, active: true }] }))
    expect(saved.items.map((i) => [i.key, i.label, i.active])).toContainEqual(['c9', '已协调用人单位', true])
    expect(saved.items.find((i) => i.key === 'solved')!.label).toBe('问题已解决')
    const audit = (await h.store.find<AuditDoc>('audit_log', { limit: 10 })).items.find((a) => a.what === 'conclusions.set')!
    expect(audit.detail).toBe('“已解决”改为“问题已解决”；停用“部分解决”；新增“已协调用人单位”')

    expect(expectError(await h.op(setConclusions, CITY, { version: 1, items: saved.items.filter((i) => i.key !== 'other') }), 'REQUEST_INVALID').message).toBe('“其他（说明）”已经用过，不能删除，可以停用')
    expectError(await h.op(setConclusions, CITY, { version: 0, items: saved.items }), 'STORE_CONFLICT')
    expect(expectError(await h.op(setConclusions, CITY, { version: 1, items: [...saved.items, { label: '问题已解决', needsNote: false, active: true }] }), 'REQUEST_INVALID').message).toBe('“问题已解决”写了两次，请改一个')

    const id = await accepted()
    expect(expectError(await h.act(resolveCase, HEAD, id, { text: '单位补发了一部分。', conclusion: 'partly' }), 'REQUEST_INVALID').message).toBe('这个办结结论已停用，请重新选择')
    expectOk(await h.act(resolveCase, HEAD, id, { text: '单位已补发工资。', conclusion: 'c9' }))
    expect(expectOk(await h.op(getMyCase, WORKER, { id })).conclusion!.label).toBe('已协调用人单位')
  })
})

describe('reply templates (常用回复): per station and city-wide', () => {
  it('are kept by the station head and admins over it, the city-wide ones by the city admin', async () => {
    const street = expectOk(await h.op(saveTemplate, HEAD, { stationId: 'st-CX-0002', title: '已受理', text: '你好，你反映的情况我们已经受理，会尽快联系单位核实。' }))
    expectOk(await h.op(saveTemplate, COUNTY, { stationId: 'st-CX-0002', title: '请补充材料', text: '请把工资条、考勤记录拍照发过来，方便我们核实。' }))
    const city = expectOk(await h.op(saveTemplate, CITY, { stationId: 'st-HZ-0001', title: '维权热线', text: '着急可以拨打 12333 人社服务热线。' }))
    expect(city.cityWide).toBe(true)
    // The park's liaison is not its head.
    expectError(await h.op(saveTemplate, PARK, { stationId: 'st-CX-0003', title: '开发区', text: '开发区驿站的回复。' }), 'AUTH_FORBIDDEN')

    // A member is not a head; a head of another station has no say here.
    expect(expectError(await h.op(saveTemplate, REP, { stationId: 'st-CX-0002', title: '试一下', text: '试一下' }), 'AUTH_FORBIDDEN').message).toBe('只有驿站负责人和管理员可以修改常用回复')
    expectError(await h.op(saveTemplate, HEAD, { stationId: 'st-HZ-0001', title: '全市', text: '全市通用的回复' }), 'AUTH_FORBIDDEN')
    expectError(await h.op(saveTemplate, HEAD, { stationId: 'st-CX-0002', title: '短', text: '短' }), 'REQUEST_INVALID')

    const me = expectOk(await h.op(getMe, HEAD, {})).officer!
    expect(me.memberships.map((m) => m.canManageTemplates)).toEqual([true])
    expect(expectOk(await h.op(getMe, REP, {})).officer!.memberships.map((m) => m.canManageTemplates)).toEqual([false])

    const own = expectOk(await h.op(listTemplates, HEAD, { stationId: 'st-CX-0002' }))
    expect([own.stationName, own.cityWide, own.items.map((t) => t.title)]).toEqual(['曹城街道驿站（示例）', false, ['已受理', '请补充材料']])

    // Edited with the version read; a stale one is refused; another station's id is not found.
    const edited = expectOk(await h.op(saveTemplate, HEAD, { stationId: 'st-CX-0002', id: street.id, version: street.version, title: '已受理', text: '你好，已受理，我们会在三个工作日内联系你。' }))
    expect(edited.version).toBe(2)
    expectError(await h.op(saveTemplate, HEAD, { stationId: 'st-CX-0002', id: street.id, version: 1, title: '已受理', text: '旧的版本' }), 'STORE_CONFLICT')
    expectError(await h.op(removeTemplate, CITY, { stationId: 'st-HZ-0001', id: street.id, version: 2 }), 'TEMPLATE_NOT_FOUND')
  })

  it('offer the owning station’s own, then the city-wide ones, in the reply box of its cases', async () => {
    expectOk(await h.op(saveTemplate, HEAD, { stationId: 'st-CX-0002', title: '已受理', text: '你好，你反映的情况我们已经受理。' }))
    expectOk(await h.op(saveTemplate, CITY, { stationId: 'st-HZ-0001', title: '维权热线', text: '着急可以拨打 12333 人社服务热线。' }))
    const parkOwn = expectOk(await h.op(saveTemplate, 'dev-CX-county-head', { stationId: 'st-CX-0003', title: '开发区', text: '开发区驿站的回复。' }))
    const id = await accepted()
    const offered = expectOk(await h.op(templatesForCase, HEAD, { id }))
    expect(offered.items.map((t) => [t.title, t.cityWide])).toEqual([
      ['已受理', false],
      ['维权热线', true],
    ])
    // Only who may reply on the case gets them; a case of the park offers the park's and the city's.
    expectError(await h.op(templatesForCase, PARK, { id }), 'CASE_NOT_FOUND')
    const parkCase = (await h.file({ stationId: 'st-CX-0003' })).id
    expect(expectOk(await h.op(templatesForCase, PARK, { id: parkCase })).items.map((t) => t.id)).toEqual([parkOwn.id, offered.items[1]!.id])

    const city = expectOk(await h.op(listTemplates, CITY, { stationId: 'st-HZ-0001' }))
    expectOk(await h.op(removeTemplate, CITY, { stationId: 'st-HZ-0001', id: city.items[0]!.id, version: city.items[0]!.version }))
    expect(expectOk(await h.op(templatesForCase, HEAD, { id })).items.map((t) => t.title)).toEqual(['已受理'])
  })
})
