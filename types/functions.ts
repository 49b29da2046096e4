/**
 * The CloudBase functions, defined once: their names, how they are deployed (timeout, memory, open-API
 * permissions, the sweep's timer) and the environment variables each one reads. Every function has an entry
 * `cloudfunctions/<name>/index.ts` and shares the handlers of `cloudfunctions/core`.
 *
 * scripts/build-functions.mjs writes each function's config.json from `functionConfig` (the devtools deploy
 * from it); cloudbaserc.json (the CLI deploys from it) is checked against this table by
 * test/functions/deploy-config.test.ts. No imports: the build script compiles this file on its own.
 */
export const FUNCTION_NAMES = ['worker', 'officer', 'admin', 'sweep'] as const
export type FunctionName = (typeof FUNCTION_NAMES)[number]

/** The CloudBase runtime of every function (cloudbaserc.json `runtime`); the bundles target Node 20. */
export const FUNCTION_RUNTIME = 'Nodejs20.19'

/** Every 5 minutes (CloudBase cron: second minute hour day month weekday year). */
export const SWEEP_TIMER = '0 */5 * * * * *'

export interface TimerTrigger {
  readonly name: string
  readonly type: 'timer'
  readonly config: string
}

export interface FunctionSpec {
  /** Who invokes it: the mini-program (the caller is the WeChat user), or the platform's timer. */
  readonly invokedBy: 'mini-program' | 'timer'
  readonly timeoutSeconds: number
  readonly memoryMB: number
  /** Open-API calls it makes (config.json `permissions.openapi`). */
  readonly openapi: readonly string[]
  readonly triggers?: readonly TimerTrigger[]
  /** Environment variables it reads, besides the template ids of types/notices.ts (which every function has). */
  readonly env: readonly string[]
}

const COMMON_ENV = ['HX_SECRET', 'HX_MSG_PAGE', 'HX_MP_STATE'] as const

export const FUNCTIONS: { readonly [N in FunctionName]: FunctionSpec } = {
  worker: {
    invokedBy: 'mini-program',
    timeoutSeconds: 10,
    memoryMB: 256,
    openapi: ['subscribeMessage.send', 'security.msgSecCheck', 'security.mediaCheckAsync'],
    env: COMMON_ENV,
  },
  officer: {
    invokedBy: 'mini-program',
    timeoutSeconds: 10,
    memoryMB: 256,
    openapi: ['subscribeMessage.send', 'security.msgSecCheck', 'security.mediaCheckAsync'],
    env: COMMON_ENV,
  },
  admin: {
    invokedBy: 'mini-program',
    timeoutSeconds: 20,
    memoryMB: 256,
    openapi: ['subscribeMessage.send', 'wxacode.getUnlimited'],
    env: COMMON_ENV,
  },
  sweep: {
    // Also the receiver of WeChat's `wxa_media_check` message push (ADR 0019: console → 云开发 → 设置 → 消息推送).
    invokedBy: 'timer',
    // The deadline pass stops at its time budget (types/contracts/sweep.ts), well inside this.
    timeoutSeconds: 60,
    memoryMB: 256,
    openapi: ['subscribeMessage.send'],
    triggers: [{ name: 'sweep', type: 'timer', config: SWEEP_TIMER }],
    // The first city admin, made by the first run in an empty environment (app/provision.ts).
    env: [...COMMON_ENV, 'HX_FIRST_ADMIN_OPENID'],
  },
}

/** The functions the mini-program (and the local host, in its place) may call. */
export const APP_FUNCTIONS: readonly FunctionName[] = FUNCTION_NAMES.filter((n) => FUNCTIONS[n].invokedBy === 'mini-program')

/** A function's config.json, read by WeChat devtools when it deploys the function. */
export const functionConfig = (name: FunctionName) => {
  const f = FUNCTIONS[name]
  return {
    permissions: { openapi: [...f.openapi] },
    ...(f.triggers ? { triggers: f.triggers.map((t) => ({ ...t })) } : {}),
    timeout: f.timeoutSeconds,
  }
}
