import { stationMayHold } from '../../../types/authz'
import type { Privacy, RouteReason, StationKind } from '../../../types/domain'
import { GROUP_THRESHOLD, isGroupCase } from './sla-policy'

export type { RouteReason }

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

export interface Route {
  ownerId: string
  reasons: RouteReason[]
  /** 群体性: the city is told at once. */
  group: boolean
}

/** Why a case did not stay with the station the worker scanned or chose, as the start of a sentence. */
const ROUTE_REASON_WORDS: Record<Exclude<RouteReason, 'scanned'>, string> = {
  project: '欠薪项目的诉求交给项目的包保驿站',
  group_to_county: `涉及 ${GROUP_THRESHOLD} 人以上的诉求直接交给县区驿站`,
  confidential_skips_enterprise: '对单位保密的诉求不会交给企业驿站',
  anonymous_skips_enterprise: '匿名反映的诉求不会交给企业驿站',
  suspended_skipped: '原来的驿站暂停服务',
}

/**
 * Why routing chose this owner, in the worker's words, or nothing when the case stayed where it was filed
 * ('scanned'): "对单位保密的诉求不会交给企业驿站，由 曹县人社局驿站 办理". The one wording of a routing
 * decision: the submitted page, the case page and the timeline all show it.
 */
export const routeNote = (reasons: readonly RouteReason[], ownerName: string): string | undefined => {
  const why = [...new Set(reasons.filter((r): r is Exclude<RouteReason, 'scanned'> => r !== 'scanned'))].map((r) => ROUTE_REASON_WORDS[r])
  return why.length ? `${why.join('，')}，由 ${ownerName} 办理` : undefined
}

/** The timeline's line for a routing decision: the note, or plainly who handles it. */
export const routeWords = (reasons: readonly RouteReason[], ownerName: string): string => routeNote(reasons, ownerName) ?? `由 ${ownerName} 办理`

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
