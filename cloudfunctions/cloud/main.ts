import * as tcb from '@cloudbase/node-sdk'
import type { FunctionName } from '../../types/contract'
import { FUNCTIONS } from '../../types/functions'
import type { Result } from '../../types/errors'
import type { Caller } from '../core/app/caller'
import { dispatch } from '../core/app/dispatch'
import type { Ports } from '../core/ports'
import { hmacSecrets, ulidIds } from '../core/adapters/node/ports'
import { storeClock } from '../core/app/time'
import { createWechatNotifier, pageFromEnv, templatesFromEnv } from '../core/adapters/wechat/notifier'
import { createCloudbaseStore } from '../core/adapters/cloudbase/store'
import { cloudbaseFiles } from '../core/adapters/cloudbase/files'
import { wxacodeOptionsFromEnv, wxacodeQrCodes } from '../core/adapters/wechat/qr-codes'
import { bundledFonts } from '../core/adapters/node/fonts'
import { cloudbaseContentCheck } from '../core/adapters/cloudbase/content-check'
import { isMediaCheckPush } from '../core/app/content-safety'

/**
 * The cloud composition root: the wiring of every function entry (`cloudfunctions/<name>/index.ts`:
 * `export const main = cloudMain('worker')`), as cloudfunctions/local/main.ts is the local host's. The SDK app
 * and the Ports are built once per container, on the first invocation, and reused while the container stays
 * warm.
 */

type App = ReturnType<typeof tcb.init>
interface Container {
  app: App
  ports: Ports
}

let container: Container | undefined

const boot = (): Container => {
  const secret = process.env.HX_SECRET
  if (!secret) {
    // Without it every worker key would differ or be guessable: refuse to serve rather than write bad keys.
    throw new Error(
      'HX_SECRET is not set: add it (at least 16 random characters) to this function\'s environment variables ' +
        '(cloudbaserc.json → functions[].envVariables, or the CloudBase console) and deploy again',
    )
  }
  // Inside a function the SDK takes the environment and credentials from the runtime; no serviceUrl here.
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  const state = process.env.HX_MP_STATE
  const store = createCloudbaseStore(app.database())
  const files = cloudbaseFiles(app)
  const ports: Ports = {
    store,
    clock: storeClock(store, () => Date.now()),
    ids: ulidIds(),
    secrets: hmacSecrets(secret),
    notifier: createWechatNotifier(app, {
      templates: templatesFromEnv(),
      page: pageFromEnv(),
      miniprogramState: state === 'trial' || state === 'developer' ? state : 'formal',
    }),
    qrCodes: wxacodeQrCodes(app, wxacodeOptionsFromEnv()),
    // Copied beside the bundle by the build (types/functions.ts `assets`); read only when a poster is made.
    fonts: bundledFonts(__dirname),
    files,
    contentCheck: cloudbaseContentCheck(app, files),
    settings: { firstAdminOpenid: process.env.HX_FIRST_ADMIN_OPENID || undefined },
  }
  return { app, ports }
}

/**
 * The caller's openid as the platform vouches for it. The invocation context is read first: runtimes that
 * serve several invocations at once put per-call values there rather than in process.env, which is all
 * `auth().getUserInfo()` reads. Never from the event body (D1).
 */
const openidOf = (app: App, context: unknown): string | null => {
  if (context && typeof context === 'object') {
    try {
      const fromContext = tcb.getCloudbaseContext(context as Parameters<typeof tcb.getCloudbaseContext>[0]).WX_OPENID
      if (fromContext) return fromContext
    } catch {
      // A context without `environ`/`environment` (older runtimes, local invocations): fall back below.
    }
  }
  return app.auth().getUserInfo().openId || null
}

/** Sources of a call made from the mini-program (WeChat's `SOURCE`: the app, devtools, local debugging). */
const MINI_PROGRAM_SOURCES = /wx_client|wx_devtools|wx_localdebug/

const sourceOf = (context: unknown): string => {
  if (!context || typeof context !== 'object') return ''
  try {
    return String(tcb.getCloudbaseContext(context as Parameters<typeof tcb.getCloudbaseContext>[0]).TCB_SOURCE ?? '')
  } catch {
    return ''
  }
}

export const cloudMain =
  (fn: FunctionName) =>
  async (event: unknown, context: unknown): Promise<Result<unknown>> => {
    container ??= boot()
    // Only the platform can invoke the timer's function (`sweep`) without an openid (its timer, the console);
    // a mini-program call carries one and dispatch refuses it for the system audience.
    let caller: Caller = { openid: openidOf(container.app, context), via: FUNCTIONS[fn].invokedBy === 'timer' ? 'timer' : 'wechat' }
    // WeChat's message push of a media verdict (ADR 0019) reaches `sweep` with the pushed message as the event; the
    // openid its context may carry is not a person calling. A body of that shape sent from the mini-program
    // stays the user's call, which the system audience refuses.
    if (fn === 'sweep' && isMediaCheckPush(event) && !MINI_PROGRAM_SOURCES.test(sourceOf(context))) caller = { openid: null, via: 'timer' }
    return dispatch(fn, event, caller, container.ports)
  }
