/**
 * The four tabs, once: the app config declares them (src/app.config.ts) and the mini-program's own tab bar
 * (src/custom-tab-bar) draws them. No imports: the build reads this file in Node.
 */
export interface Tab {
  /** As the app config names pages (no leading slash). */
  pagePath: string
  text: string
  iconPath: string
  selectedIconPath: string
}

export const TABS: readonly Tab[] = [
  { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
  { pagePath: 'pages/mine/index', text: '我的诉求', iconPath: 'assets/tab/cases.png', selectedIconPath: 'assets/tab/cases-active.png' },
  { pagePath: 'pages/notices/index', text: '政策', iconPath: 'assets/tab/notices.png', selectedIconPath: 'assets/tab/notices-active.png' },
  { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-active.png' },
]

export const TAB_COLOR = '#5b6169'
export const TAB_SELECTED_COLOR = '#07c160'

/** The tab of a page path ('/pages/me/index', 'pages/me/index?x=1'), or -1. */
export const tabIndexOf = (path: string | undefined): number => (path ? TABS.findIndex((t) => t.pagePath === path.split('?')[0]!.replace(/^\//, '')) : -1)
