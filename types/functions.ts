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
  /** Files it reads at run time that are not code (fonts): copied beside its bundle, never into the JS. */
  readonly assets?: readonly FunctionAsset[]
  /**
   * The on-demand packages its handlers load (ON_DEMAND_PACKAGES): installed beside its bundle from its
   * package.json, and in no other function.
   */
  readonly packages?: readonly OnDemandPackage[]
}

/**
 * Large npm packages that a few operations need and load on their first use (ADR 27): exceljs for the ledger
 * and survey exports, pdfkit and fontkit for the posters. They are left out of every bundle (a bundle that
 * carried them was four times the size, and every cold start parsed it) and installed, from the function's
 * package.json, only in the functions whose handlers use them; a function's bundle must load without them.
 */
export const ON_DEMAND_PACKAGES = ['exceljs', 'pdfkit', 'fontkit'] as const
export type OnDemandPackage = (typeof ON_DEMAND_PACKAGES)[number]

/** A file from an npm package that a function reads at run time, e.g. a poster font. */
export interface FunctionAsset {
  readonly package: string
  /** Its path inside the package. */
  readonly path: string
}

/** The folder of a function's upload that holds its assets, each under its own file name. */
export const ASSET_DIR = 'assets'
export const assetFileName = (a: FunctionAsset): string => a.path.split('/').pop() ?? a.path

/** The poster typeface (Noto Sans SC, OFL), regular and bold, as the npm package ships it (full TrueType files). */
export const POSTER_FONTS = {
  regular: { package: '@expo-google-fonts/noto-sans-sc', path: '400Regular/NotoSansSC_400Regular.ttf' },
  bold: { package: '@expo-google-fonts/noto-sans-sc', path: '700Bold/NotoSansSC_700Bold.ttf' },
} as const satisfies Record<string, FunctionAsset>

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
    // The ledger's 导出 Excel (ledger.export) and a survey's results as .xlsx (survey.export).
    packages: ['exceljs'],
  },
  admin: {
    invokedBy: 'mini-program',
    // A county's poster batch runs within its call (ADR 17): room for a few hundred pages.
    timeoutSeconds: 60,
    memoryMB: 256,
    openapi: ['subscribeMessage.send', 'wxacode.getUnlimited'],
    env: COMMON_ENV,
    // Station posters are set in Noto Sans SC (ADR 12).
    assets: [POSTER_FONTS.regular, POSTER_FONTS.bold],
    // The posters are drawn with pdfkit, each weight parsed once with fontkit (app/poster-pdf.ts).
    packages: ['pdfkit', 'fontkit'],
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
