import Taro, { useRouter } from '@tarojs/taro'
import { useMemo } from 'react'
import { TABS } from './tabs'

/** Routes of the app, in one place. Query values are ids, codes and enum values only (ASCII). */
export const ROUTES = {
  home: '/pages/index/index',
  choose: '/pages/choose/index',
  caseNew: '/pages/case-new/index',
  caseDone: '/pages/case-done/index',
  mine: '/pages/mine/index',
  caseDetail: '/pages/case/index',
  claim: '/pages/claim/index',
  survey: '/pages/survey/index',
  me: '/pages/me/index',
  notices: '/pages/notices/index',
  notice: '/pages/notice/index',
  hotlines: '/pages/hotlines/index',
  privacy: '/pages/privacy/index',
  myData: '/pages/my-data/index',
  officerInbox: '/officer/inbox/index',
  officerCase: '/officer/case/index',
  officerBind: '/officer/bind/index',
  officerStation: '/officer/station/index',
  officerNotices: '/officer/notices/index',
  officerNoticeEdit: '/officer/notice-edit/index',
  officerIntake: '/officer/intake/index',
  officerAlerts: '/officer/alerts/index',
  officerAlert: '/officer/alert/index',
  officerSurveys: '/officer/surveys/index',
  officerSurveyResult: '/officer/survey-result/index',
  officerLedger: '/officer/ledger/index',
  officerTemplates: '/officer/templates/index',
  officerDashboard: '/officer/dashboard/index',
  officerReports: '/officer/reports/index',
  officerReport: '/officer/report/index',
  officerRating: '/officer/rating/index',
  adminNetwork: '/admin/network/index',
  adminStationEdit: '/admin/station-edit/index',
  adminAccessLog: '/admin/access-log/index',
  adminPolicy: '/admin/policy/index',
  adminCalendar: '/admin/calendar/index',
  adminPosters: '/admin/posters/index',
  adminSurveys: '/admin/surveys/index',
  adminSurveyTemplate: '/admin/survey-template/index',
  adminRetention: '/admin/retention/index',
  adminConclusions: '/admin/conclusions/index',
  adminRatings: '/admin/ratings/index',
  officerProjects: '/officer/projects/index',
  adminProjectEdit: '/admin/project-edit/index',
  adminBlacklist: '/admin/blacklist/index',
  adminExport: '/admin/export/index',
  blacklist: '/pages/blacklist/index',
} as const
export type Route = (typeof ROUTES)[keyof typeof ROUTES]

const TAB_ROUTES: readonly string[] = TABS.map((t) => `/${t.pagePath}`)

/** Tab pages are switched to, not opened (and take no query). */
export const isTabRoute = (path: string): boolean => TAB_ROUTES.includes(path.split('?')[0]!)

export function urlOf(route: Route, params?: Record<string, string | number | undefined>): string {
  const q = Object.entries(params ?? {})
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&')
  return q ? `${route}?${q}` : route
}

/** Opens a page; tab pages are switched to (they take no query). */
export function go(route: Route, params?: Record<string, string | number | undefined>): void {
  if (TAB_ROUTES.includes(route)) void Taro.switchTab({ url: route })
  else void Taro.navigateTo({ url: urlOf(route, params) })
}

/** Replaces the current page (used after a form is sent, so 返回 does not reopen the form). */
export function replace(route: Route, params?: Record<string, string | number | undefined>): void {
  void Taro.redirectTo({ url: urlOf(route, params) })
}

function decode(v: string): string {
  try {
    return decodeURIComponent(v)
  } catch {
    return v
  }
}

/** The current page's query, decoded once (the weapp `scene` arrives URL-encoded, D22). */
export function usePageParams(): Record<string, string> {
  const router = useRouter()
  return useMemo(() => {
    const out: Record<string, string> = {}
    for (const [k, v] of Object.entries(router.params ?? {})) if (typeof v === 'string') out[k] = decode(v)
    return out
  }, [router])
}

/** Back to the page underneath, or open `fallback` when this page was opened directly (no page underneath). */
export function back(fallback: Route): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else if (TAB_ROUTES.includes(fallback)) void Taro.switchTab({ url: fallback })
  else replace(fallback)
}

export function callPhone(phoneNumber: string): void {
  Taro.makePhoneCall({ phoneNumber: phoneNumber.replace(/[^\d-]/g, '') }).catch(() => {
    // The person closed the dialog; nothing to do.
  })
}
