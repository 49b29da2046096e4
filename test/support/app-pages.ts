/**
 * The pages the app config declares (src/app.config.ts), read from the config itself so that a test which must
 * visit every worker page cannot miss a new one: `pages` is the main package, the workers' pages; officer and
 * admin pages are in subpackages.
 */
type AppConfig = { pages: string[]; subPackages?: Array<{ root: string; pages: string[] }> }

// Taro's build provides `defineAppConfig`; read outside the build, the config is the object it is given.
const g = globalThis as { defineAppConfig?: (c: AppConfig) => AppConfig }
g.defineAppConfig ??= (c) => c

const config = (require('../../src/app.config') as { default: AppConfig }).default

/** Every worker page, as a path: '/pages/index/index', … */
export const WORKER_PAGES: readonly string[] = config.pages.map((p) => `/${p}`)
