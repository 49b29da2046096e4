import { TAB_COLOR, TAB_SELECTED_COLOR, TABS } from './device/tabs'

export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/mine/index',
    'pages/me/index',
    'pages/choose/index',
    'pages/case-new/index',
    'pages/case-done/index',
    'pages/case/index',
    'pages/notices/index',
    'pages/notice/index',
    'pages/hotlines/index',
    'pages/claim/index',
    'pages/privacy/index',
    'pages/survey/index',
    'pages/blacklist/index',
    'pages/my-data/index',
  ],
  // Officer and admin pages load only for the few who open them; the main package stays for workers.
  subPackages: [
    { root: 'officer', pages: ['inbox/index', 'case/index', 'bind/index', 'station/index', 'intake/index', 'alerts/index', 'alert/index', 'surveys/index', 'survey-result/index', 'notices/index', 'notice-edit/index', 'ledger/index', 'templates/index', 'dashboard/index', 'rating/index', 'projects/index', 'reports/index', 'report/index'] },
    { root: 'admin', pages: ['network/index', 'station-edit/index', 'access-log/index', 'policy/index', 'calendar/index', 'surveys/index', 'survey-template/index', 'conclusions/index', 'posters/index', 'ratings/index', 'project-edit/index', 'blacklist/index', 'export/index', 'retention/index'] },
  ],
  window: {
    navigationBarTitleText: '菏谐驿站',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
    backgroundTextStyle: 'dark',
  },
  // The mini-program draws its own tab bar (src/custom-tab-bar), so 长辈模式 reaches it; H5 keeps Taro's, which
  // 长辈模式 raises through the document class (app.scss). Taro's H5 build draws no tab bar at all when custom.
  tabBar: {
    ...(process.env.TARO_ENV === 'weapp' ? { custom: true } : {}),
    color: TAB_COLOR,
    selectedColor: TAB_SELECTED_COLOR,
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: TABS.map((t) => ({ ...t })),
  },
  lazyCodeLoading: 'requiredComponents',
  // H5 only (local, demo, browser tests): no slide between pages, so only one page is ever on screen.
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
})
