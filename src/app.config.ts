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
  tabBar: {
    color: '#5b6169',
    selectedColor: '#07c160',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/mine/index', text: '我的诉求', iconPath: 'assets/tab/cases.png', selectedIconPath: 'assets/tab/cases-active.png' },
      { pagePath: 'pages/notices/index', text: '政策', iconPath: 'assets/tab/notices.png', selectedIconPath: 'assets/tab/notices-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-active.png' },
    ],
  },
  lazyCodeLoading: 'requiredComponents',
  // H5 only (local, demo, browser tests): no slide between pages, so only one page is ever on screen.
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
})
