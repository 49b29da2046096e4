import { PRIVACIES_SEEN_BY } from '../../../types/authz'
import type { AwardItem, RatingView, TaskItem } from '../../../types/contracts/ratings'
import { Privacy, type Side } from '../../../types/domain'
import { indicatorScores, quarterName, starsWords } from '../domain/ratings'
import { dateOf } from '../domain/periods'
import { formatDateCn } from '../domain/working-time'
import { scopeNoteOf } from './ledger-view'
import type { AwardDoc, StationRatingDoc, SupervisionDoc, SupervisionTaskDoc } from './records'
import { timeLabel } from './time'

/** The words of ratings, tasks and awards: pages show them as given. */

const DAY_MS = 86_400_000
export const ymdLabel = (ymd: string) => formatDateCn(Date.parse(`${ymd}T12:00:00+08:00`))

/**
 * A rating as a side may see it. The stars are the station's published result (its workers see them on the
 * station home). Every figure under them is computed from the cases the side may see: for the employer side
 * the open ones only, worded so, and without the score (which all cases make) — so nothing on the page
 * counts or reveals a confidential or anonymous case (D8a, ADR 0022).
 */
export const ratingView = (d: StationRatingDoc, side: Side): RatingView => {
  const all = PRIVACIES_SEEN_BY[side].length === Privacy.options.length
  const inputs = all ? d.inputs : d.openInputs
  const stars = d.starsKey || null
  const note = scopeNoteOf(side)
  const summary =
    d.status === 'insufficient'
      ? all
        ? `本季度收到诉求 ${d.inputs.received} 件，少于 ${d.config.minCases} 件，不评星级（数据不足），不算低分`
        : `本季度收到的诉求少于 ${d.config.minCases} 件，不评星级（数据不足），不算低分`
      : all
        ? `综合得分 ${d.score} 分（二至五星分数线 ${d.config.starLines.join(' / ')} 分）`
        : '星级按本季度全部诉求和测评、活动评定'
  return {
    quarter: d.quarter,
    quarterLabel: quarterName(d.quarter),
    status: d.status,
    stars,
    starsLabel: starsWords(stars),
    score: all ? d.score : null,
    summary,
    ...(note ? { scopeNote: `${note}；星级按全部诉求评定` } : {}),
    indicators: indicatorScores(inputs, d.config).map((r) => ({ ...r, scoreLabel: r.score === null ? '不计' : `${Math.round(r.score)} 分` })),
    ...(d.adjustment
      ? {
          adjustment: {
            stars: d.adjustment.stars,
            computedLabel: starsWords(d.stars),
            reason: d.adjustment.reason,
            byName: d.adjustment.byName,
            atLabel: timeLabel(d.adjustment.at),
          },
        }
      : {}),
    fastTrack: d.fastTrack,
    low: d.low,
    computedLabel: `${timeLabel(d.computedAt)} 评定`,
    version: d._v,
  }
}

export const taskItem = (t: SupervisionTaskDoc, now: number): TaskItem => {
  const today = dateOf(now)
  const late = t.status === 'open' && t.dueOn < today
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${t.dueOn}T00:00:00Z`)) / DAY_MS)
  return {
    id: t._id,
    stationId: t.stationId,
    stationName: t.stationName,
    title: t.title,
    dueOn: t.dueOn,
    dueLabel: t.status === 'done' ? '已完成' : late ? `已超期 ${days} 天（应在${ymdLabel(t.dueOn)}前完成）` : `${ymdLabel(t.dueOn)}前完成`,
    overdue: late,
    officerName: t.officerName,
    status: t.status,
    ...(t.doneNote ? { doneNote: t.doneNote } : {}),
    ...(t.doneAt ? { doneLabel: `${timeLabel(t.doneAt)} 完成` } : {}),
    version: t._v,
  }
}

export const awardItem = (a: AwardDoc): AwardItem => ({
  id: a._id,
  stationId: a.stationId,
  stationName: a.stationName,
  who: a.who,
  why: a.why,
  awardedOn: a.awardedOn,
  dateLabel: ymdLabel(a.awardedOn),
  byName: a.createdByName,
})

export const supervisionState = (s: SupervisionDoc) => ({
  on: s.status === 'on',
  sinceLabel: s.status === 'on' ? `${timeLabel(s.since)} 列入` : `${timeLabel(s.since)} 移出`,
  history: [...s.history].reverse().map((e) => ({
    kind: e.kind,
    label: e.kind === 'enter' ? (e.how === 'ratings' ? '连续两个季度低星，列入' : '管理员决定列入') : '管理员决定移出',
    reason: e.reason,
    atLabel: timeLabel(e.at),
    ...(e.byName ? { byName: e.byName } : {}),
  })),
  version: s._v,
})
