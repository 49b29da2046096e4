import Taro from '@tarojs/taro'
import { z } from 'zod'

/**
 * A questionnaire being answered, kept on this phone until it is sent (a weak network, the page closed, the app
 * killed): the answers so far, the step, and the key of this filled questionnaire. The same key goes with every
 * try, so a retry after a lost reply counts once (the server tells it from a second answer). One draft per
 * campaign; nothing that says who answered is kept, and the draft is removed once the answer is in.
 */

const KEY = 'hx.surveyDraft.'

const Draft = z.object({
  key: z.string().min(8).max(64),
  step: z.number().int().min(0).max(20),
  ratings: z.record(z.string().max(40), z.number().int().min(0).max(5)),
  comment: z.string().max(2000),
})
export type SurveyDraft = z.infer<typeof Draft>

const keyOf = (campaignId: string) => KEY + campaignId

export function readSurveyDraft(campaignId: string): SurveyDraft | undefined {
  if (!campaignId) return undefined
  let raw: unknown
  try {
    raw = Taro.getStorageSync(keyOf(campaignId))
  } catch {
    return undefined
  }
  if (raw === '' || raw === null || raw === undefined) return undefined
  const parsed = Draft.safeParse(raw)
  if (!parsed.success) {
    clearSurveyDraft(campaignId)
    return undefined
  }
  return parsed.data
}

export function saveSurveyDraft(campaignId: string, draft: SurveyDraft): void {
  if (!campaignId) return
  try {
    Taro.setStorageSync(keyOf(campaignId), draft)
  } catch {
    // Storage full or unavailable: the questionnaire still works, it is only not kept.
  }
}

export function clearSurveyDraft(campaignId: string): void {
  if (!campaignId) return
  try {
    Taro.removeStorageSync(keyOf(campaignId))
  } catch {
    // Nothing kept, or storage unavailable.
  }
}
