/**
 * Subscribe messages (src/device/subscribe.ts). The built mini-program has its template ids baked in at
 * build time (empty in this repository), so the rules are tested here on the source: which ids are asked
 * for, what WeChat's answer means, and that asking never throws. Taro is replaced by a stub of
 * wx.requestSubscribeMessage; the build-time env is set before the module is loaded.
 */
const mockRequest = jest.fn()
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { requestSubscribeMessage: (o: unknown) => mockRequest(o) } }))

import { NOTICE_KINDS, NOTICES } from '../../types/notices'

type Subscribe = typeof import('../../src/device/subscribe')

/** The build-time env of the module: the platform and every kind's template id (types/notices.ts). */
const TPL_KEYS = ['TARO_ENV', ...NOTICE_KINDS.map((k) => NOTICES[k].appEnv)] as const
type TplKey = (typeof TPL_KEYS)[number]
/** process.env without the build's typing of TARO_ENV, to set any value a build could have. */
const env = process.env as Record<string, string | undefined>
const saved = Object.fromEntries(TPL_KEYS.map((k) => [k, env[k]]))

/** Loads the module as a build with these env values would run it. */
function load(values: Partial<Record<TplKey, string>>): Subscribe {
  for (const k of TPL_KEYS) delete env[k]
  Object.assign(env, values)
  let mod: Subscribe | undefined
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('../../src/device/subscribe') as Subscribe
  })
  return mod!
}

afterEach(() => {
  mockRequest.mockReset()
  for (const k of TPL_KEYS) {
    if (saved[k] === undefined) delete env[k]
    else env[k] = saved[k]
  }
})

describe('configuredTemplateIds (pure)', () => {
  const { configuredTemplateIds } = load({})

  it('keeps the configured ids in order, without blanks or repeats', () => {
    expect(configuredTemplateIds(['tpl-a', '', undefined, '  ', 'tpl-b', 'tpl-a', null])).toEqual(['tpl-a', 'tpl-b'])
    expect(configuredTemplateIds([' tpl-a '])).toEqual(['tpl-a'])
  })

  it('asks for at most three (WeChat’s limit per request): the first three configured', () => {
    expect(configuredTemplateIds(['new', 'warning', 'escalated', 'transfer'])).toEqual(['new', 'warning', 'escalated'])
    expect(configuredTemplateIds(['new', '', 'escalated', 'transfer'])).toEqual(['new', 'escalated', 'transfer'])
    expect(configuredTemplateIds(['a', 'b', 'c'], 1)).toEqual(['a'])
  })

  it('none configured: nothing to ask for', () => {
    expect(configuredTemplateIds([undefined, '', undefined])).toEqual([])
  })
})

describe('outcomeOf (pure)', () => {
  const { outcomeOf } = load({})

  it('is accepted when at least one asked template came back accept', () => {
    expect(outcomeOf({ errMsg: 'requestSubscribeMessage:ok', a: 'reject', b: 'accept' }, ['a', 'b'])).toBe('accepted')
  })
  it('is refused for reject, ban, filter, or an answer about other templates', () => {
    expect(outcomeOf({ a: 'reject', b: 'ban', c: 'filter' }, ['a', 'b', 'c'])).toBe('refused')
    expect(outcomeOf({ x: 'accept' }, ['a'])).toBe('refused')
    expect(outcomeOf(undefined, ['a'])).toBe('refused')
  })
})

describe('askWorkerUpdates / askOfficerAlerts', () => {
  it('in H5 there is nothing to ask: unavailable, and WeChat is not called', async () => {
    const s = load({ TARO_ENV: 'h5', TARO_APP_TPL_CASE_ACCEPTED: 'acc', TARO_APP_TPL_CASE_NEW: 'new' })
    expect(s.workerUpdatesAvailable()).toBe(false)
    expect(s.officerAlertsAvailable()).toBe(false)
    await expect(s.askWorkerUpdates()).resolves.toBe('unavailable')
    await expect(s.askOfficerAlerts()).resolves.toBe('unavailable')
    expect(mockRequest).not.toHaveBeenCalled()
  })

  it('in the weapp with no ids configured: unavailable, and WeChat is not called', async () => {
    const s = load({ TARO_ENV: 'weapp', TARO_APP_TPL_CASE_ACCEPTED: '', TARO_APP_TPL_CASE_NEW: '' })
    expect(s.workerUpdatesAvailable()).toBe(false)
    expect(s.officerAlertsAvailable()).toBe(false)
    await expect(s.askWorkerUpdates()).resolves.toBe('unavailable')
    await expect(s.askOfficerAlerts()).resolves.toBe('unavailable')
    expect(mockRequest).not.toHaveBeenCalled()
  })

  it('asks the worker for the configured worker templates, synchronously from the call', async () => {
    const s = load({ TARO_ENV: 'weapp', TARO_APP_TPL_CASE_ACCEPTED: 'acc', TARO_APP_TPL_CASE_RESOLVED: 'res' })
    expect(s.workerUpdatesAvailable()).toBe(true)
    expect(s.officerAlertsAvailable()).toBe(false)
    mockRequest.mockResolvedValue({ errMsg: 'requestSubscribeMessage:ok', acc: 'accept', res: 'reject' })
    const asked = s.askWorkerUpdates()
    // Called before anything is awaited, so WeChat still sees the tap.
    expect(mockRequest).toHaveBeenCalledWith({ tmplIds: ['acc', 'res'] })
    await expect(asked).resolves.toBe('accepted')
  })

  it('asks an officer for the first three configured officer templates', async () => {
    const s = load({
      TARO_ENV: 'weapp',
      TARO_APP_TPL_CASE_NEW: 'new',
      TARO_APP_TPL_CASE_WARNING: 'warn',
      TARO_APP_TPL_CASE_ESCALATED: 'esc',
      TARO_APP_TPL_CASE_TRANSFER: 'tr',
    })
    expect(s.officerAlertsAvailable()).toBe(true)
    mockRequest.mockResolvedValue({ new: 'reject', warn: 'reject', esc: 'reject' })
    await expect(s.askOfficerAlerts()).resolves.toBe('refused')
    expect(mockRequest).toHaveBeenCalledWith({ tmplIds: ['new', 'warn', 'esc'] })
  })

  it('never throws: a failed request or a throwing API is refused', async () => {
    const s = load({ TARO_ENV: 'weapp', TARO_APP_TPL_CASE_REPLIED: 'rep' })
    mockRequest.mockRejectedValue({ errMsg: 'requestSubscribeMessage:fail cancel', errCode: 20004 })
    await expect(s.askWorkerUpdates()).resolves.toBe('refused')
    mockRequest.mockImplementation(() => {
      throw new Error('not supported')
    })
    await expect(s.askWorkerUpdates()).resolves.toBe('refused')
  })

  it.each(NOTICE_KINDS)('%s: its template id (NOTICES[kind].appEnv) is asked of its audience only', async (kind) => {
    const { appEnv, audience } = NOTICES[kind]
    const s = load({ TARO_ENV: 'weapp', [appEnv]: `tpl-${kind}` })
    expect(s.workerUpdatesAvailable()).toBe(audience === 'worker')
    expect(s.officerAlertsAvailable()).toBe(audience === 'officer')
    mockRequest.mockResolvedValue({ [`tpl-${kind}`]: 'accept' })
    await expect(audience === 'worker' ? s.askWorkerUpdates() : s.askOfficerAlerts()).resolves.toBe('accepted')
    expect(mockRequest).toHaveBeenCalledWith({ tmplIds: [`tpl-${kind}`] })
  })
})
