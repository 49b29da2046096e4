import { stationMayHold } from '../../../types/authz'
import type { Privacy, StationKind } from '../../../types/domain'
import { isGroupCase } from './sla-policy'

/** The little a routing decision needs to know about a station. */
export interface RouteStation {
  id: string
  kind: StationKind
  status: 'active' | 'suspended'
}

export interface RouteInput {
  /** The scanned or chosen station first, then its ancestors up to the city. */
  chain: readonly RouteStation[]
  privacy: Privacy
  workersAffected: number
  groupFlag?: boolean
  /** A wage-arrears case on a registered project: the project's responsible station and its ancestors. */
  projectChain?: readonly RouteStation[]
}

export type RouteReason =
  | 'scanned'
  | 'project'
  | 'group_to_county'
  | 'confidential_skips_enterprise'
  | 'anonymous_skips_enterprise'
  | 'suspended_skipped'

export interface Route {
  ownerId: string
  reasons: RouteReason[]
  /** 群体性: the city is told at once. */
  group: boolean
}

/** Words for the timeline; the worker reads them. */
export const ROUTE_REASON_TEXT: Record<RouteReason, string> = {
  scanned: '由你选择的驿站办理',
  project: '欠薪项目由项目的包保驿站办理',
  group_to_county: '涉及 10 人以上，直接由县区驿站办理',
  confidential_skips_enterprise: '对单位保密：不交给企业驿站，由上一级驿站办理',
  anonymous_skips_enterprise: '匿名反映：不交给企业驿站，由上一级驿站办理',
  suspended_skipped: '原驿站暂停服务，由上一级驿站办理',
}

/**
 * Who owns a new case (D8): a registered project first (its responsible station), then group size (≥ 10 workers or flagged → the county station), then privacy
 * last, as a filter on whatever was picked: only an open case lands on an enterprise station (`stationMayHold`, D8a).
 * A suspended station never owns a case. Registered projects join this order with the case engine (D9).
 */
export const routeCase = (input: RouteInput): Route => {
  const useProject = !!input.projectChain && input.projectChain.length > 0
  const chain = useProject ? input.projectChain! : input.chain
  if (chain.length === 0) throw new Error('routeCase: empty chain')
  const reasons: RouteReason[] = useProject ? ['project'] : []
  const group = isGroupCase(input)
  let at = 0
  if (group) {
    const county = chain.findIndex((s) => s.kind === 'county' || s.kind === 'city')
    if (county > at) {
      at = county
      reasons.push('group_to_county')
    }
  }
  const acceptable = (s: RouteStation) => stationMayHold(s.kind, input.privacy)
  const skipped: RouteReason = input.privacy === 'anonymous' ? 'anonymous_skips_enterprise' : 'confidential_skips_enterprise'
  while (at < chain.length - 1 && (!acceptable(chain[at]!) || chain[at]!.status !== 'active')) {
    reasons.push(acceptable(chain[at]!) ? 'suspended_skipped' : skipped)
    at += 1
  }
  if (reasons.length === 0) reasons.push('scanned')
  return { ownerId: chain[at]!.id, reasons, group }
}
