import { Text, View } from '@tarojs/components'
import Taro, { useDidHide } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { RATING_CHOICES, getSurveyForm, submitSurvey, SurveyComment } from '../../../types/contracts/surveys'
import type { OutputOf } from '../../../types/contract'
import { ERRORS } from '../../../types/errors'
import { call, newRequestId } from '../../client/cloud'
import { textLimits } from '../../client/limits'
import { useQuery } from '../../client/query'
import { go, ROUTES, usePageParams } from '../../device/nav'
import { clearSurveyDraft, readSurveyDraft, saveSurveyDraft, type SurveyDraft } from '../../device/survey-draft'
import { Button, Field, LoadState, Progress, Result } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

const COMMENT = textLimits(SurveyComment)

type Form = OutputOf<typeof getSurveyForm>

/**
 * 满意度测评 for a worker: one dimension per step with a progress bar, then a free comment. Every tap is kept on
 * the phone (a lost connection keeps what was answered), and the same key goes with every try of the submit,
 * so a retry counts once.
 */
export default function Survey() {
  const { campaignId = '' } = usePageParams()
  const form = useQuery(getSurveyForm, campaignId ? { campaignId } : null)
  const [draft, setDraft] = useState<SurveyDraft>(() => readSurveyDraft(campaignId) ?? { key: newRequestId(), step: 0, ratings: {}, comment: '' })
  const [missing, setMissing] = useState<string[]>([])
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string>()
  const [finished, setFinished] = useState<{ kind: 'done'; answered: number } | { kind: 'refused'; message: string }>()
  const touched = useRef(false)

  // Kept on every change once the person has started (and when the app is hidden).
  useEffect(() => {
    if (touched.current && !finished) saveSurveyDraft(campaignId, draft)
  }, [campaignId, draft, finished])
  useDidHide(() => {
    if (touched.current && !finished) saveSurveyDraft(campaignId, draft)
  })
  // Answered already (an answer sent before whose reply was lost, or another visit): nothing left to keep.
  useEffect(() => {
    if (form.data?.answered) clearSurveyDraft(campaignId)
  }, [campaignId, form.data?.answered])

  const change = (next: Partial<SurveyDraft> | ((d: SurveyDraft) => Partial<SurveyDraft>)) => {
    touched.current = true
    setDraft((d) => ({ ...d, ...(typeof next === 'function' ? next(d) : next) }))
  }

  if (finished?.kind === 'done') {
    return (
      <Screen className='survey'>
        <Result title='提交成功，谢谢你！' className='survey-done'>
          <View className='survey-done__text'>测评结束后，答卷满 10 份才会统计结果。结果里没有谁答了什么，也不记答卷的时间。</View>
          <View className='survey-done__count'>你一共参加了 {finished.answered} 次满意度测评</View>
          <Button type='primary' size='large' className='survey-home' onClick={() => go(ROUTES.home)}>
            回到驿站首页
          </Button>
        </Result>
      </Screen>
    )
  }

  if (finished?.kind === 'refused' || (form.data?.answered && !sending)) {
    return (
      <Screen className='survey'>
        <View className='card survey-closed'>
          <View className='survey-closed__text'>{finished?.kind === 'refused' ? finished.message : ERRORS.SURVEY_ALREADY_ANSWERED}</View>
          <Button type='primary' size='large' className='survey-home' onClick={() => go(ROUTES.home)}>
            回到驿站首页
          </Button>
        </View>
      </Screen>
    )
  }

  if (!form.data) {
    const refused = form.error?.code === 'SURVEY_NOT_OPEN' || form.error?.code === 'SURVEY_NOT_FOUND'
    return (
      <Screen className='survey'>
        {refused ? (
          <View className='card survey-closed'>
            <View className='survey-closed__text'>{form.error?.message}</View>
            <Button type='primary' size='large' className='survey-home' onClick={() => go(ROUTES.home)}>
              回到驿站首页
            </Button>
          </View>
        ) : (
          <LoadState query={form} rows={4} missing='没有找到这次测评，请从驿站首页进入' />
        )}
      </Screen>
    )
  }

  const f = form.data
  const dims = f.template.dimensions
  const steps = dims.length + 1
  const step = Math.min(draft.step, steps)
  const answeredCount = Object.keys(draft.ratings).length

  const goTo = (next: number) => {
    setMissing([])
    setError(undefined)
    change({ step: next })
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
  }

  const nextFrom = (index: number) => {
    const lacking = dims[index]!.questions.filter((q) => draft.ratings[q.key] === undefined).map((q) => q.key)
    if (lacking.length) {
      setMissing(lacking)
      return
    }
    goTo(step + 1)
  }

  async function send(fd: Form) {
    if (sending) return
    const input = { campaignId, key: draft.key, ratings: draft.ratings, ...(draft.comment.trim() ? { comment: draft.comment.trim() } : {}) }
    const total = fd.template.questionCount
    if (Object.keys(draft.ratings).length < total) {
      const first = fd.template.dimensions.findIndex((d) => d.questions.some((q) => draft.ratings[q.key] === undefined))
      goTo(first + 1)
      return
    }
    saveSurveyDraft(campaignId, draft)
    setSending(true)
    setError(undefined)
    const res = await call(submitSurvey, input)
    setSending(false)
    if (res.ok) {
      clearSurveyDraft(campaignId)
      setFinished({ kind: 'done', answered: res.data.answered })
      return
    }
    if (res.error.code === 'SURVEY_ALREADY_ANSWERED' || res.error.code === 'SURVEY_NOT_OPEN' || res.error.code === 'SURVEY_NOT_FOUND') {
      clearSurveyDraft(campaignId)
      setFinished({ kind: 'refused', message: res.error.message })
      return
    }
    setError(res.error.code === 'NETWORK_FAILED' ? '网络不太好，没有提交上。你的答案已经存在手机上，有网时再点「提交」就行' : res.error.message)
  }

  return (
    <Screen className='survey'>
      <View className='survey-head'>
        <View className='survey-head__title'>职工满意度测评</View>
        <View className='survey-head__station station-name'>{f.campaign.stationName}</View>
        {step > 0 ? <Progress className='survey-progress' percent={(step / steps) * 100} label={`第 ${step} 步，共 ${steps} 步`} hidePercent /> : null}
      </View>

      {step === 0 ? (
        <View className='card survey-intro'>
          <View className='survey-intro__line'>共 {dims.length} 个方面、{f.template.questionCount} 道题，大约 2 分钟。</View>
          <View className='survey-intro__line'>不记名：不记录你是谁、用的什么手机，也不记答卷的时间。答卷满 10 份才统计结果，单位看不到你答了什么。</View>
          <View className='survey-intro__line'>每道题选一个：很满意、满意、一般、不满意、很不满意；不清楚的选「不了解」。</View>
          <View className='survey-intro__ends muted'>{f.campaign.endsLabel}</View>
          <Button type='primary' size='large' className='survey-start' onClick={() => goTo(1)}>
            {answeredCount ? '接着答' : '开始'}
          </Button>
        </View>
      ) : step <= dims.length ? (
        (() => {
          const d = dims[step - 1]!
          return (
            <View className={`survey-step survey-dim-${d.key}`}>
              <View className='survey-dim__title'>{d.label}</View>
              <View className='survey-dim__hint'>下面这些方面，你满意吗？</View>
              {d.questions.map((q, i) => (
                <View key={q.key} className={`card survey-q survey-q-${q.key} ${missing.includes(q.key) ? 'survey-q--missing' : ''}`}>
                  <View className='survey-q__text'>
                    {i + 1}. {q.text}
                  </View>
                  <View className='survey-q__choices'>
                    {RATING_CHOICES.map((c) => (
                      <View
                        key={c.value}
                        className={`survey-choice survey-choice-${c.value} ${draft.ratings[q.key] === c.value ? 'survey-choice--on' : ''}`}
                        onClick={() => {
                          change((d) => ({ ratings: { ...d.ratings, [q.key]: c.value } }))
                          setMissing((m) => m.filter((k) => k !== q.key))
                        }}
                      >
                        {c.label}
                      </View>
                    ))}
                  </View>
                </View>
              ))}
              {missing.length ? <View className='survey-error'>还有 {missing.length} 道题没有选，不清楚可以选「不了解」</View> : null}
              <View className='survey-nav'>
                <View className='survey-nav__button'>
                  <Button block className='survey-back' onClick={() => goTo(step - 1)}>
                    上一步
                  </Button>
                </View>
                <View className='survey-nav__button'>
                  <Button block type='primary' className='survey-next' onClick={() => nextFrom(step - 1)}>
                    下一步
                  </Button>
                </View>
              </View>
            </View>
          )
        })()
      ) : (
        <View className='survey-step survey-comment'>
          <View className='survey-dim__title'>最后，说说你的想法</View>
          <View className='card'>
            <Field
              type='textarea'
              label='留言（选填）'
              value={draft.comment}
              onChange={(v) => change({ comment: v })}
              maxlength={COMMENT.max}
              showWordLimit
              placeholder={f.template.commentPrompt}
              className='field-survey-comment'
            />
            <View className='survey-comment__note muted'>
              <Text>留言会原样给驿站看（不显示是谁写的、什么时候写的），请不要写姓名、电话等能认出你的内容。</Text>
            </View>
          </View>
          {error ? <View className='survey-error'>{error}</View> : null}
          <View className='survey-nav'>
            <View className='survey-nav__button'>
              <Button block className='survey-back' disabled={sending} onClick={() => goTo(step - 1)}>
                上一步
              </Button>
            </View>
            <View className='survey-nav__button'>
              <Button block type='primary' className='survey-submit' loading={sending} onClick={() => void send(f)}>
                提交
              </Button>
            </View>
          </View>
        </View>
      )}
    </Screen>
  )
}
