import type { Privacy } from '../../../types/domain'

/**
 * 聚集预警 (ADR 0011): three or more separate cases against one employer (or on one registered project), filed
 * within 30 days in one county, raise an alert at the county station — the early sign of a 群体性事件 that
 * DOMAIN §3 asks stations to prevent. Values in, values out.
 */

export const CLUSTER_WINDOW_DAYS = 30
export const CLUSTER_WINDOW_MS = CLUSTER_WINDOW_DAYS * 24 * 3600_000
/** Separate cases that make an alert. */
export const CLUSTER_MIN_CASES = 3
/**
 * The window keeps at most this many recent cases, the oldest going first: enough to tell three separate
 * workers apart, and it keeps the document read and written with every case small however large the employer.
 */
export const CLUSTER_MAX_ENTRIES = 50
/** An alert lists at most this many of its cases (the most recent); it counts all of them. */
export const ALERT_MAX_CASES = 100

/** One case in a cluster's window. */
export interface ClusterEntry {
  caseId: string
  /** When it was filed. */
  at: number
  privacy: Privacy
  /**
   * Whose case it is: the start of a named case's worker key (enough to tell a county's workers apart); null
   * for an anonymous one, which counts as a worker of its own (its key is kept for 我的诉求 only and is never
   * used to tie it to other cases).
   */
  worker: string | null
}

/** What a case is counted under: its registered project, else its employer's key; none when neither is known. */
export const clusterKeyOf = (c: { projectId?: string | null; employerKey?: string | null }): string | null =>
  c.projectId ? `project:${c.projectId}` : c.employerKey ? `employer:${c.employerKey}` : null

/** Separate cases: one per worker for named cases, each anonymous case on its own. */
export const separateCases = (entries: readonly ClusterEntry[]): number => {
  const workers = new Set<string>()
  let anonymous = 0
  for (const e of entries) {
    if (e.worker === null) anonymous += 1
    else workers.add(e.worker)
  }
  return workers.size + anonymous
}

const PRIVACY_RANK: Record<Privacy, number> = { open: 0, confidential: 1, anonymous: 2 }

/**
 * The privacy an alert is shown under: its strictest case's. Only an alert of open cases alone is `open`, so
 * the visibility rule (`sideSees`, `visibleToSide`) keeps every alert with a case that is not open from the
 * employer side, however many open cases it also has.
 */
export const strictestPrivacy = (privacies: readonly Privacy[]): Privacy =>
  privacies.reduce<Privacy>((a, b) => (PRIVACY_RANK[b] > PRIVACY_RANK[a] ? b : a), 'open')

export interface ClusterStep {
  /** The window after this case: cases of the last 30 days, this one last. */
  window: ClusterEntry[]
  /** Separate cases in the window. */
  separate: number
  /** What happens to alerts: a new one from the window, this case added to the open one, or nothing. */
  alert: 'raise' | 'join' | 'none'
}

/**
 * A new case joins its cluster. While an alert is open (not yet closed with a decision) every new case of the
 * cluster is added to it. Otherwise, once the window holds three separate cases, a new alert is raised with
 * every case of the window — also after an earlier alert was closed: complaints that go on after a decision
 * are exactly what the county should hear of again.
 */
export const stepCluster = (before: readonly ClusterEntry[], entry: ClusterEntry, openAlert: boolean): ClusterStep => {
  const since = entry.at - CLUSTER_WINDOW_MS
  const window = [...before.filter((e) => e.at >= since && e.caseId !== entry.caseId), entry].slice(-CLUSTER_MAX_ENTRIES)
  const separate = separateCases(window)
  return { window, separate, alert: openAlert ? 'join' : separate >= CLUSTER_MIN_CASES ? 'raise' : 'none' }
}
