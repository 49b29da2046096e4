import type { Actor, TimelineEvent } from './case-engine'

/**
 * Who reads a timeline: the worker, in the words the engine wrote for them ("曹城街道驿站 已受理你的诉求"), or an
 * officer, who reads an officer's act with who did it — "你受理了这条诉求" on their own entries, "曹城街道驿站 王所长
 * 受理了这条诉求" on a colleague's; a system event that speaks to the worker has words of its own for officers (`did`). The one place a timeline entry is worded per viewer; pages show the words.
 */
export type TimelineViewer = { as: 'worker' } | { as: 'officer'; officerId: string }

/** A timeline event as stored: the engine's event and, when an officer acted, who. */
export interface ActedEvent extends Pick<TimelineEvent, 'text' | 'did'> {
  actor: Actor
  officerId?: string
  officerName?: string
  stationName?: string
}

export interface EventWords {
  text: string
  /** Who acted, for officers, when the words do not already say it (entries written before `did`). */
  who?: string
}

export const eventWords = (e: ActedEvent, viewer: TimelineViewer): EventWords => {
  if (viewer.as === 'worker') return { text: e.text }
  if (e.actor === 'system' && e.did) return { text: e.did }
  if (e.actor === 'officer' && e.did) {
    if (e.officerId && e.officerId === viewer.officerId) return { text: `你${e.did}` }
    const subject = [e.stationName, e.officerName].filter(Boolean).join(' ')
    if (subject) return { text: `${subject} ${e.did}` }
  }
  const who = e.actor === 'officer' ? [e.officerName, e.stationName].filter(Boolean).join(' · ') : ''
  return who ? { text: e.text, who } : { text: e.text }
}
