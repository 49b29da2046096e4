import calendarData from '../../cloudfunctions/core/data/cn-workday-calendar.json'
import { nextDue } from '../../cloudfunctions/core/domain/case-clocks'
import {
  MAX_TRANSFERS,
  TRANSITIONS,
  availableCommands,
  decide,
  dueCommands,
  openCase,
  type CaseModel,
  type Command,
  type CommandType,
  type EngineEnv,
  type StationRef,
} from '../../cloudfunctions/core/domain/case-engine'
import { DEFAULT_CONCLUSIONS } from '../../cloudfunctions/core/domain/conclusions'
import { DEFAULT_SLA_POLICY, GROUP_THRESHOLD } from '../../cloudfunctions/core/domain/sla-policy'
import { addWorkingMinutes, loadCalendar } from '../../cloudfunctions/core/domain/working-time'
import { CaseState } from '../../types/domain'
import { AppError } from '../../types/errors'

const cal = loadCalendar(calendarData)
/** 已解决: the standard conclusion a resolution in these tests names. */
const SOLVED = { item: DEFAULT_CONCLUSIONS[0]! }

/** Shanghai wall time → epoch ms, whatever the process zone. */
const sh = (wall: string): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(wall)!
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]! - 8, +m[5]!)
}

const st = (id: string, name: string, kind: StationRef['kind'], path: string[]): StationRef => ({ id, name, kind, path: [...path, id], status: 'active' })
const CITY = st('city', '市级驿站', 'city', [])
const COUNTY = st('county', '县区驿站', 'county', ['city'])
const OTHER_COUNTY = st('county2', '另一县区驿站', 'county', ['city'])
const T1 = st('t1', '一号街道驿站', 'township', ['city', 'county'])
const T2 = st('t2', '二号街道驿站', 'township', ['city', 'county'])
const T3 = st('t3', '三号街道驿站', 'township', ['city', 'county'])
const O1 = st('o1', '外县街道驿站', 'township', ['city', 'county2'])
const PARK = st('park', '开发区驿站', 'park', ['city', 'county'])
const FIRM = st('firm', '示例企业驿站', 'enterprise', ['city', 'county', 't1'])
const PARK_FIRM = st('pfirm', '园区企业驿站', 'enterprise', ['city', 'county', 'park'])
const STATIONS = new Map([CITY, COUNTY, OTHER_COUNTY, T1, T2, T3, O1, PARK, FIRM, PARK_FIRM].map((s) => [s.id, s]))

const env = (now: number): EngineEnv => ({ now, cal, policy: DEFAULT_SLA_POLICY, stations: STATIONS })

const newCase = (owner: StationRef, at: number, over: Partial<CaseModel> = {}): CaseModel => ({
  ...openCase(
    {
      category: over.category ?? 'contract',
      workersAffected: over.workersAffected ?? 1,
      privacy: over.privacy ?? 'open',
      owner,
      route: { reasons: ['scanned'], group: over.groupFlag ?? false },
    },
    { now: at, cal, policy: DEFAULT_SLA_POLICY },
  ).next,
  ...over,
})

/** Runs the sweep's loop on one case at one moment; returns the case and what happened. */
const sweepAt = (c: CaseModel, now: number) => {
  const notices: string[] = []
  const events: string[] = []
  let current = c
  for (let i = 0; i < 10; i++) {
    const cmd = dueCommands(current, now)[0]
    if (!cmd) break
    const out = decide(current, cmd, env(now))
    current = out.next
    for (const n of out.notices) notices.push(`${n.kind}→${n.target.to === 'station' ? n.target.stationId : n.target.to}`)
    for (const e of out.events) events.push(e.text)
  }
  return { c: current, notices, events }
}

const act = (c: CaseModel, cmd: Command, now: number) => decide(c, cmd, env(now)).next
const code = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    return e instanceof AppError ? e.code : String(e)
  }
  return 'ok'
}

const T0 = sh('2026-11-25 10:00')

/** A sample command of each type, valid when the state allows it. */
const SAMPLE: Record<Exclude<CommandType, 'miss' | 'warn' | 'relocate' | 'owner_suspended' | 'owner_moved' | 'transfer_accept' | 'transfer_decline'>, Command> = {
  accept: { type: 'accept' },
  start: { type: 'start' },
  reply: { type: 'reply', text: '已联系单位核实' },
  note: { type: 'note', text: '内部备注' },
  hold: { type: 'hold', reason: '等待补充材料' },
  resume: { type: 'resume' },
  transfer: { type: 'transfer', toStationId: 't2', reason: '属于二号街道' },
  escalate: { type: 'escalate', reason: '需要县里协调' },
  refer: { type: 'refer', to: 'arbitration', where: '县劳动人事争议仲裁院', reason: '需要仲裁' },
  resolve: { type: 'resolve', text: '单位已补发工资', conclusion: SOLVED },
  flag_group: { type: 'flag_group', reason: '涉及多人' },
  supervise: { type: 'supervise', text: '请本周五前办结' },
  withdraw: { type: 'withdraw' },
  add_info: { type: 'add_info', text: '补充：工资条在我这里' },
  confirm: { type: 'confirm', rating: 5 },
  reopen: { type: 'reopen', reason: '还没有发' },
}

describe('every state × action', () => {
  const inState = (state: CaseState): CaseModel => {
    const c = newCase(T1, T0)
    return { ...c, state, heldFrom: state === 'on_hold' ? 'in_progress' : null }
  }
  for (const state of CaseState.options)
    for (const [type, cmd] of Object.entries(SAMPLE)) {
      const legal = TRANSITIONS[type as CommandType].from.includes(state)
      it(`${state} × ${type} is ${legal ? 'allowed' : 'refused'}`, () => {
        const before = inState(state)
        const frozen = JSON.stringify(before)
        const result = code(() => decide(before, cmd, env(T0 + 60_000)))
        expect(result).toBe(legal ? 'ok' : 'CASE_ILLEGAL_ACTION')
        expect(JSON.stringify(before)).toBe(frozen)
      })
    }

  it('moves to the documented states', () => {
    const at = T0 + 60_000
    const s = (c: CaseModel) => c.state
    const submitted = newCase(T1, T0)
    const accepted = act(submitted, SAMPLE.accept, at)
    expect(s(accepted)).toBe('accepted')
    expect(s(act(accepted, SAMPLE.start, at))).toBe('in_progress')
    expect(s(act(accepted, SAMPLE.reply, at))).toBe('in_progress')
    const held = act(accepted, SAMPLE.hold, at)
    expect([held.state, held.heldFrom]).toEqual(['on_hold', 'accepted'])
    expect(s(act(held, SAMPLE.resume, at))).toBe('accepted')
    const resolved = act(accepted, SAMPLE.resolve, at)
    expect(s(resolved)).toBe('resolved')
    expect(s(act(resolved, SAMPLE.confirm, at))).toBe('closed')
    expect(s(act(resolved, SAMPLE.reopen, at))).toBe('in_progress')
    expect(s(act(accepted, SAMPLE.refer, at))).toBe('referred')
    expect(s(act(held, SAMPLE.withdraw, at))).toBe('withdrawn')
  })

  it('leaves no clock running on a terminal case', () => {
    const closed = act(act(act(newCase(T1, T0), SAMPLE.accept, T0), SAMPLE.resolve, T0), SAMPLE.confirm, T0)
    expect(nextDue(closed.clocks)).toBeNull()
    expect(closed.rating).toBe(5)
  })

  it('refuses a rating outside 1–5', () => {
    const resolved = act(act(newCase(T1, T0), SAMPLE.accept, T0), SAMPLE.resolve, T0)
    expect(code(() => decide(resolved, { type: 'confirm', rating: 6 }, env(T0)))).toBe('REQUEST_INVALID')
  })
})

describe('escalation in simulated time, across the Spring Festival and a 调休 Saturday', () => {
  it('climbs enterprise → township → county → city when nobody accepts, then alerts the city', () => {
    // Friday 13 February 2026, 16:00. Saturday the 14th is a make-up working day; 15–23 are the holiday.
    let c = newCase(FIRM, sh('2026-02-13 16:00'))
    expect(c.clocks.accept.dueAt).toBe(sh('2026-02-14 16:00'))
    expect(c.clocks.accept.warnAt).toBe(sh('2026-02-14 14:07'))

    let r = sweepAt(c, sh('2026-02-14 14:10'))
    expect(r.notices).toEqual(['case.warning→firm'])
    c = r.c
    expect(sweepAt(c, sh('2026-02-14 14:20')).notices).toEqual([])

    r = sweepAt(c, sh('2026-02-14 16:00'))
    c = r.c
    expect(c.ownerStationId).toBe('t1')
    expect(r.notices).toContain('case.escalated→t1')
    // 90 minutes left on the 14th, then nothing until Tuesday the 24th.
    expect(c.clocks.accept.dueAt).toBe(sh('2026-02-24 16:00'))
    expect(sweepAt(c, sh('2026-02-20 10:00')).notices).toEqual([])

    r = sweepAt(c, sh('2026-02-24 16:00'))
    c = r.c
    expect(c.ownerStationId).toBe('county')
    // The first reply (2 working days from submission) also ran out: it only warns the owner, once.
    expect(r.notices).toContain('case.warning→county')
    expect(c.clocks.firstReply.dueAt).toBeNull()
    expect(c.clocks.accept.dueAt).toBe(sh('2026-02-25 16:00'))

    c = sweepAt(c, sh('2026-02-25 16:00')).c
    expect(c.ownerStationId).toBe('city')
    expect(c.ownerPath).toEqual(['city'])

    r = sweepAt(c, sh('2026-02-26 16:00'))
    expect(r.c.ownerStationId).toBe('city')
    expect(r.notices).toContain('case.escalated→city_admins')
    expect(r.c.state).toBe('submitted')
    // The resolve clock kept running from submission all along: moving never buys time.
    expect(r.c.clocks.resolve.dueAt).toBe(c.clocks.resolve.dueAt)
  })

  it('does the same step twice only once (a repeated sweep finds nothing left to do)', () => {
    const c = newCase(FIRM, sh('2026-02-13 16:00'))
    const once = sweepAt(c, sh('2026-02-14 16:30')).c
    const again = sweepAt(once, sh('2026-02-14 16:30'))
    expect(again.c).toEqual(once)
    expect(again.events).toEqual([])
  })

  it('skips an enterprise on the way up for a confidential case', () => {
    const c = newCase(PARK, T0, { privacy: 'confidential' })
    const up = sweepAt(c, sh('2026-11-26 10:00')).c
    expect(up.ownerStationId).toBe('county')
  })
})

describe('resolve deadline: supervision, then the parent takes over', () => {
  it('first miss adds the parent as supervisor with 3 working days; the second moves it up', () => {
    let c = act(newCase(T1, T0), SAMPLE.accept, T0)
    c = act(c, SAMPLE.reply, T0)
    const due = c.clocks.resolve.dueAt!
    let r = sweepAt(c, due)
    c = r.c
    expect(c.supervisorStationId).toBe('county')
    expect(c.ownerStationId).toBe('t1')
    expect(r.notices).toEqual(expect.arrayContaining(['case.escalated→county', 'case.warning→t1']))
    expect(c.clocks.resolve.dueAt).toBe(sh('2026-12-21 10:00'))
    r = sweepAt(c, c.clocks.resolve.dueAt!)
    c = r.c
    expect(c.ownerStationId).toBe('county')
    expect(c.supervisorStationId).toBe('city')
    expect(c.state).toBe('submitted')
    expect(c.clocks.resolve.misses).toBe(2)
  })

  it('pauses on hold and resumes with the same working time left', () => {
    let c = act(newCase(T1, T0), SAMPLE.accept, T0)
    const due = c.clocks.resolve.dueAt!
    c = act(c, SAMPLE.hold, sh('2026-11-25 11:00'))
    expect(nextDue(c.clocks)).toBeNull()
    expect(dueCommands(c, due + 30 * 86_400_000)).toEqual([])
    // Held for exactly 5 working days (Wed 11:00 → next Wed 11:00): the deadline moves by 5 working days.
    c = act(c, SAMPLE.resume, sh('2026-12-02 11:00'))
    expect(c.state).toBe('accepted')
    expect(c.clocks.resolve.dueAt).toBe(sh('2026-12-23 10:00'))
    expect(due).toBe(sh('2026-12-16 10:00'))
  })
})

describe('transfers without ping-pong', () => {
  const accepted = () => act(newCase(T1, T0), SAMPLE.accept, T0)

  it('keeps the owner until the target accepts, then hands over', () => {
    let c = act(accepted(), { type: 'transfer', toStationId: 't2', reason: '属于二号街道' }, T0)
    expect(c.ownerStationId).toBe('t1')
    expect(c.pendingTransfer?.toStationId).toBe('t2')
    expect(c.transfers).toBe(1)
    c = act(c, { type: 'transfer_accept' }, T0 + 60_000)
    expect([c.ownerStationId, c.pendingTransfer, c.state]).toEqual(['t2', null, 'accepted'])
  })

  it('sends a declined transfer to the lowest common ancestor, which cannot send it back to either', () => {
    let c = act(accepted(), { type: 'transfer', toStationId: 't2', reason: '属于二号街道' }, T0)
    c = act(c, { type: 'transfer_decline', reason: '不在我们辖区' }, T0)
    expect([c.ownerStationId, c.state]).toEqual(['county', 'submitted'])
    expect(c.noReturnTo.sort()).toEqual(['t1', 't2'])
    expect(code(() => decide(c, { type: 'transfer', toStationId: 't1', reason: '还是一号' }, env(T0)))).toBe('CASE_ILLEGAL_ACTION')
    expect(code(() => decide(c, { type: 'transfer', toStationId: 't2', reason: '还是二号' }, env(T0)))).toBe('CASE_ILLEGAL_ACTION')
    // The bounce did not count: one more transfer is allowed, then the limit.
    c = act(c, { type: 'transfer', toStationId: 't3', reason: '属于三号街道' }, T0)
    expect(c.transfers).toBe(2)
    c = act(c, { type: 'transfer_accept' }, T0)
    expect(c.ownerStationId).toBe('t3')
    expect(code(() => decide(c, { type: 'transfer', toStationId: 'park', reason: '再转' }, env(T0)))).toBe('CASE_TRANSFER_LIMIT')
  })

  it('bounces an unanswered transfer after 1 working day, across counties to the city', () => {
    let c = act(accepted(), { type: 'transfer', toStationId: 'o1', reason: '工作地在外县' }, sh('2026-11-27 16:00'))
    expect(c.clocks.transfer.dueAt).toBe(sh('2026-11-30 16:00'))
    expect(sweepAt(c, sh('2026-11-30 15:59')).c.pendingTransfer).not.toBeNull()
    c = sweepAt(c, sh('2026-11-30 16:00')).c
    expect([c.ownerStationId, c.pendingTransfer]).toEqual(['city', null])
  })

  it('never transfers a confidential case to an enterprise, and refuses a second pending transfer', () => {
    const conf = act(newCase(T1, T0, { privacy: 'confidential' }), SAMPLE.accept, T0)
    expect(code(() => decide(conf, { type: 'transfer', toStationId: 'firm', reason: '企业处理' }, env(T0)))).toBe('CASE_CONFIDENTIAL_TARGET')
    const pending = act(accepted(), { type: 'transfer', toStationId: 't2', reason: '属于二号街道' }, T0)
    expect(code(() => decide(pending, { type: 'transfer', toStationId: 't3', reason: '再转' }, env(T0)))).toBe('CASE_ILLEGAL_ACTION')
    expect(code(() => decide(accepted(), { type: 'transfer', toStationId: 't1', reason: '自己' }, env(T0)))).toBe('CASE_ILLEGAL_ACTION')
  })
})

describe('the worker’s side', () => {
  const resolved = () => act(act(act(newCase(T1, T0), SAMPLE.accept, T0), SAMPLE.reply, T0), SAMPLE.resolve, T0)

  it('auto-closes as closed_unconfirmed after 7 working days without an answer', () => {
    const c = resolved()
    expect(c.clocks.autoClose.dueAt).toBe(sh('2026-12-04 10:00'))
    expect(sweepAt(c, sh('2026-12-04 09:59')).c.state).toBe('resolved')
    expect(sweepAt(c, sh('2026-12-04 10:00')).c.state).toBe('closed_unconfirmed')
  })

  it('reopens twice with at least 3 working days left; the third time the parent takes it with supervision', () => {
    let c = resolved()
    c = act(c, SAMPLE.reopen, T0)
    expect([c.state, c.reopenCount]).toEqual(['in_progress', 1])
    expect(c.clocks.autoClose.dueAt).toBeNull()
    c = act(act(c, SAMPLE.resolve, T0), SAMPLE.reopen, T0)
    expect(c.reopenCount).toBe(2)
    const third = decide(act(c, SAMPLE.resolve, T0), SAMPLE.reopen, env(T0))
    c = third.next
    expect([c.state, c.ownerStationId, c.supervisorStationId]).toEqual(['submitted', 'county', 'city'])
    // The words name the same two stations as the data (D6a): the new owner, and who supervises.
    expect(third.events.map((e) => e.text).at(-1)).toBe('多次未解决，改由 县区驿站 办理，市级驿站 督办')
  })

  it('flags a group case to the county with the stricter group deadline', () => {
    const c = act(act(newCase(T1, T0), SAMPLE.accept, T0), SAMPLE.flag_group, T0)
    expect([c.ownerStationId, c.state, c.groupFlag]).toEqual(['county', 'submitted', true])
    expect(c.clocks.resolve.dueAt).toBe(sh('2026-12-02 10:00'))
    expect(c.clocks.accept.dueAt).toBe(sh('2026-11-25 12:00'))
  })

  it('neither offers nor takes 标记群体性 on a case that is already a group case', () => {
    const flagged = act(act(newCase(T1, T0), SAMPLE.accept, T0), SAMPLE.flag_group, T0)
    const many = newCase(COUNTY, T0, { workersAffected: GROUP_THRESHOLD })
    for (const c of [flagged, many]) {
      const frozen = JSON.stringify(c)
      expect(availableCommands(c)).not.toContain('flag_group')
      let message = ''
      try {
        decide(c, SAMPLE.flag_group, env(T0))
      } catch (e) {
        message = e instanceof AppError ? `${e.code}: ${e.message}` : String(e)
      }
      expect(message).toBe('CASE_ILLEGAL_ACTION: 这条诉求已经是群体性诉求')
      expect(JSON.stringify(c)).toBe(frozen)
    }
    expect(availableCommands(newCase(T1, T0, { workersAffected: GROUP_THRESHOLD - 1 }))).toContain('flag_group')
  })
})

describe('availableCommands: what decide would take, from the same transition table', () => {
  const at = T0 + 60_000
  const accepted = act(newCase(T1, T0), SAMPLE.accept, T0)
  const cases: Array<[string, CaseModel]> = [
    ...CaseState.options.map((state): [string, CaseModel] => [state, { ...newCase(T1, T0), state, heldFrom: state === 'on_hold' ? 'in_progress' : null }]),
    ['a transfer waiting', act(accepted, SAMPLE.transfer, T0)],
    ['two transfers made', { ...accepted, transfers: MAX_TRANSFERS }],
    ['owned by the city', newCase(CITY, T0)],
    ['flagged 群体性', { ...accepted, groupFlag: true }],
  ]
  const commands: Command[] = [...Object.values(SAMPLE), { type: 'transfer_accept' }, { type: 'transfer_decline', reason: '不在本辖区' }]
  for (const [name, c] of cases)
    it(`agrees with decide on a case ${name}`, () => {
      const available = availableCommands(c)
      const taken = commands.filter((cmd) => code(() => decide(c, cmd, env(at))) === 'ok').map((cmd) => cmd.type)
      expect([...available].sort()).toEqual(taken.sort())
      // The sweep's commands are not people's to give (dueCommands says which are due).
      expect(available.filter((t) => TRANSITIONS[t].actor === 'system')).toEqual([])
    })
})

describe('intake', () => {
  const facts = { category: 'pay' as const, workersAffected: 1, privacy: 'open' as const, owner: T1, route: { reasons: ['scanned' as const], group: false } }
  it('opens a case with its first events and the new-case notice, like any other command', () => {
    const o = openCase(facts, { now: T0, cal, policy: DEFAULT_SLA_POLICY })
    expect([o.next.state, o.next.ownerStationId, o.next.firstStationId]).toEqual(['submitted', 't1', 't1'])
    expect(o.nextDueAt).toBe(nextDue(o.next.clocks))
    expect(o.events('CX2611250001')).toEqual([
      { kind: 'submitted', text: '诉求已提交，编号 CX2611250001', internal: false, actor: 'worker' },
      { kind: 'routed', text: '由 一号街道驿站 办理', internal: false, actor: 'system' },
    ])
    expect(o.notices).toEqual([{ kind: 'case.new', target: { to: 'station', stationId: 't1' }, summary: '新的诉求待受理' }])
  })

  it('tells the city at once about a group case, on the group deadlines', () => {
    const o = openCase({ ...facts, workersAffected: 12, owner: COUNTY, route: { reasons: ['group_to_county'], group: true } }, { now: T0, cal, policy: DEFAULT_SLA_POLICY })
    expect(o.next.groupFlag).toBe(true)
    expect(o.events('CX2611250001')[1]!.text).toBe('涉及 10 人以上的诉求直接交给县区驿站，由 县区驿站 办理')
    expect(o.next.routeReasons).toEqual(['group_to_county'])
    expect(o.notices.map((n) => [n.kind, n.target.to])).toEqual([
      ['case.new', 'station'],
      ['case.escalated', 'city_admins'],
    ])
  })
})

describe('relocate: data from before the visibility rule (D8a) moves off enterprise stations', () => {
  const at = T0 + 60_000
  it('moves an anonymous case at an enterprise to the nearest eligible ancestor, with a fresh accept clock', () => {
    const c = newCase(FIRM, T0, { privacy: 'anonymous', state: 'accepted' })
    const out = decide(c, { type: 'relocate' }, env(at))
    expect(out.next.ownerStationId).toBe('t1')
    expect(out.next.firstStationId).toBe('t1')
    expect(out.next.state).toBe('submitted')
    expect(out.next.clocks.accept.dueAt).toBeGreaterThan(at)
    expect(out.events.map((e) => e.internal)).toEqual([false])
    expect(out.notices.map((n) => n.target)).toEqual([{ to: 'station', stationId: 't1' }])
  })

  it('moves a closed case without reopening it, and tells nobody', () => {
    const c = newCase(PARK_FIRM, T0, { privacy: 'anonymous', state: 'closed' })
    const out = decide(c, { type: 'relocate' }, env(at))
    expect(out.next).toMatchObject({ ownerStationId: 'park', state: 'closed', firstStationId: 'park' })
    expect(out.notices).toEqual([])
  })

  it('takes the enterprise off a case that moved up earlier and calls off a transfer waiting on an enterprise', () => {
    const c: CaseModel = {
      ...newCase(T1, T0, { privacy: 'anonymous', firstStationId: 'firm' }),
      pendingTransfer: { toStationId: 'pfirm', fromStationId: 't1', reason: '在园区', requestedAt: T0 },
    }
    const out = decide(c, { type: 'relocate' }, env(at))
    expect(out.next).toMatchObject({ ownerStationId: 't1', firstStationId: 't1', pendingTransfer: null })
    expect(out.next.clocks.transfer.dueAt).toBeNull()
  })

  it('refuses a case that is where it may be: running it twice changes nothing the second time', () => {
    for (const c of [newCase(FIRM, T0, { privacy: 'open' }), newCase(T1, T0, { privacy: 'confidential' })])
      expect(code(() => decide(c, { type: 'relocate' }, env(at)))).toBe('CASE_ILLEGAL_ACTION')
    const moved = decide(newCase(FIRM, T0, { privacy: 'anonymous' }), { type: 'relocate' }, env(at)).next
    expect(code(() => decide(moved, { type: 'relocate' }, env(at)))).toBe('CASE_ILLEGAL_ACTION')
  })

  it('never transfers a confidential or anonymous case to an enterprise', () => {
    for (const privacy of ['confidential', 'anonymous'] as const)
      expect(code(() => decide(newCase(T1, T0, { privacy }), { type: 'transfer', toStationId: 'pfirm', reason: '在园区' }, env(at)))).toBe('CASE_CONFIDENTIAL_TARGET')
  })
})

describe('the fixed deadlines are policy data', () => {
  const policy = { ...DEFAULT_SLA_POLICY, fixed: { supervision: 2 * 450, transfer: 225, autoClose: 3 * 450 } }
  const at = T0 + 60_000
  const with_ = (now: number): EngineEnv => ({ ...env(now), policy })
  it('times a transfer answer, the 督办 window and the confirmation from the stored policy, and words them so', () => {
    const c = newCase(T1, T0)
    const asked = decide(c, { type: 'transfer', toStationId: 't2', reason: '属于二号街道' }, with_(at)).next
    expect(asked.clocks.transfer.dueAt).toBe(addWorkingMinutes(cal, at, 225))
    const bounced = decide(asked, { type: 'miss', clock: 'transfer' }, with_(asked.clocks.transfer.dueAt!))
    expect(bounced.events[0]!.text).toContain('超过 4 个工作小时没有答复')
    const working = decide(decide(c, { type: 'accept' }, with_(at)).next, { type: 'start' }, with_(at)).next
    const resolved = decide(working, { type: 'resolve', text: '已补发', conclusion: SOLVED }, with_(at)).next
    expect(resolved.clocks.autoClose.dueAt).toBe(addWorkingMinutes(cal, at, 3 * 450))
    const closed = decide(resolved, { type: 'miss', clock: 'autoClose' }, with_(resolved.clocks.autoClose.dueAt!))
    expect(closed.events[0]!.text).toBe('职工 3 个工作日内没有确认，诉求自动结案（未确认）')
    const late = working.clocks.resolve.dueAt!
    const supervised = decide(working, { type: 'miss', clock: 'resolve' }, with_(late))
    expect(supervised.next.clocks.resolve.dueAt).toBe(addWorkingMinutes(cal, late, 2 * 450))
    expect(supervised.events[0]!.text).toContain('2 个工作日内办结')
  })
})

describe('resolving while a transfer waits', () => {
  it('calls the transfer off, so a missed answer can never send a resolved case back to 已提交', () => {
    const at = T0 + 60_000
    const accepted = decide(newCase(T1, T0), { type: 'accept' }, env(at)).next
    const asked = decide(accepted, { type: 'transfer', toStationId: 't2', reason: '属于二号街道' }, env(at)).next
    const resolved = decide(asked, { type: 'resolve', text: '单位已补发工资', conclusion: SOLVED }, env(at))
    expect(resolved.next).toMatchObject({ state: 'resolved', pendingTransfer: null, ownerStationId: 't1' })
    expect(resolved.next.clocks.transfer.dueAt).toBeNull()
    expect(resolved.events.filter((e) => e.internal).map((e) => e.text)).toEqual(['已办结，撤回转给 二号街道驿站 的申请'])
    const later = asked.clocks.transfer.dueAt! + 60_000
    expect(dueCommands(resolved.next, later).map((c) => c.type)).not.toContain('miss' as const)
    expect(sweepAt(resolved.next, later).c.state).toBe('resolved')
  })
})

describe('owner_suspended', () => {
  it('moves an open case from a suspended owner to the nearest active station above, and refuses while the owner is active', () => {
    const at = T0 + 60_000
    const c = newCase(T1, T0)
    expect(code(() => decide(c, { type: 'owner_suspended' }, env(at)))).toBe('CASE_ILLEGAL_ACTION')
    const stations = new Map(STATIONS)
    stations.set('t1', { ...T1, status: 'suspended' })
    const out = decide(c, { type: 'owner_suspended' }, { ...env(at), stations })
    expect(out.next).toMatchObject({ ownerStationId: 'county', state: 'submitted' })
    expect(out.events.map((e) => e.text)).toEqual(['一号街道驿站 暂停服务，这条诉求改由 县区驿站 办理'])
  })
})
