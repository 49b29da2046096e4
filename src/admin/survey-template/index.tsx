import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { OutputOf } from '../../../types/contract'
import { CommentPrompt, getSurveyTemplate, publishSurveyTemplate, QuestionText, setSurveyThreshold, TemplateNote } from '../../../types/contracts/surveys'
import { checkInput } from '../../client/check'
import { call } from '../../client/cloud'
import { useFormRequest } from '../../client/form-request'
import { textLimits } from '../../client/limits'
import { useQuery } from '../../client/query'
import { usePullToReload } from '../../device/page-hooks'
import { Button, confirm, Field, LoadState, Panel, toast } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

type Data = OutputOf<typeof getSurveyTemplate>
type Draft = { dimensions: Array<{ key: Data['current']['dimensions'][number]['key']; label: string; questions: string[] }>; commentPrompt: string; note: string }

const QUESTION = textLimits(QuestionText)
const PROMPT = textLimits(CommentPrompt)
const NOTE = textLimits(TemplateNote)

/**
 * 问卷和薄弱环节线: the questionnaire in force and its versions; for the city admin, the 薄弱环节 line (audited) and
 * a new version of the questionnaire (3–5 questions in each of the six dimensions). Campaigns already opened
 * keep the version they started with.
 */
export default function SurveyTemplate() {
  const q = useQuery(getSurveyTemplate, {})
  usePullToReload(q.reload)
  if (!q.data) {
    return (
      <Screen className='sv-template'>
        <LoadState query={q} rows={5} />
      </Screen>
    )
  }
  return (
    <Screen className='sv-template'>
      <ThresholdCard data={q.data} reload={q.reload} />
      <TemplateCard data={q.data} reload={q.reload} />
      <View className='section-title'>历次版本</View>
      <View className='sv-versions'>
        {q.data.versions.map((v) => (
          <View key={v.version} className={`sv-version sv-version-${v.version}`}>
            <View className='sv-version__title'>
              第 {v.version} 版 · {v.questionCount} 道题
            </View>
            <View className='sv-version__meta muted'>
              {v.publishedLabel} {v.publishedBy} · {v.note}
            </View>
          </View>
        ))}
      </View>
    </Screen>
  )
}

function ThresholdCard({ data: d, reload }: { data: Data; reload: () => Promise<void> }) {
  const [value, setValue] = useState(d.threshold.value.toFixed(1))
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const changed = Number(value) !== d.threshold.value

  async function save() {
    if (busy) return
    const input = { version: d.threshold.version, value: Number(value) }
    if (!value.trim() || Number.isNaN(input.value)) return setError('请填写 1 到 5 之间的分数')
    const checked = checkInput(setSurveyThreshold, input)
    if (!checked.ok) return setError(checked.message)
    const ok = await confirm({
      title: '修改薄弱环节线？',
      content: `由 ${d.threshold.value.toFixed(1)} 分改为 ${input.value.toFixed(1)} 分。只对以后结束的测评生效，已结束的测评不变。修改会记入操作记录。`,
      confirmText: '修改',
      cancelText: '再想想',
    })
    if (!ok) return
    setBusy(true)
    const res = await call(setSurveyThreshold, input)
    setBusy(false)
    if (!res.ok) {
      setError(res.error.message)
      if (res.error.code === 'STORE_CONFLICT') await reload()
      return
    }
    toast('已修改', 'success')
    setError(undefined)
    await reload()
  }

  return (
    <View className='card sv-threshold'>
      <View className='sv-threshold__title'>薄弱环节线</View>
      <View className='sv-threshold__text'>
        一个方面的平均分低于 <Text className='sv-threshold__value'>{d.threshold.value.toFixed(1)} 分</Text>，就标为「薄弱环节」，并给驿站生成整改任务。
        {d.threshold.isDefault ? '（默认值）' : ''}
      </View>
      {d.canEdit ? (
        <View className='sv-threshold__edit'>
          <Field label='新的分数' type='digit' value={value} onChange={(v) => { setValue(v); setError(undefined) }} placeholder='例如 3.5' className='field-sv-threshold' error={error} />
          <Button type='primary' block className='sv-threshold-save' loading={busy} disabled={!changed} onClick={() => void save()}>
            保存
          </Button>
        </View>
      ) : (
        <View className='muted sv-threshold__note'>由市级管理员设定。</View>
      )}
    </View>
  )
}

const draftOf = (d: Data): Draft => ({
  dimensions: d.current.dimensions.map((x) => ({ key: x.key, label: x.label, questions: x.questions.map((qq) => qq.text) })),
  commentPrompt: d.current.commentPrompt,
  note: '',
})

function TemplateCard({ data: d, reload }: { data: Data; reload: () => Promise<void> }) {
  const [draft, setDraft] = useState<Draft>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const request = useFormRequest()
  const t = d.current

  const setQuestion = (di: number, qi: number, text: string) =>
    setDraft((x) => x && { ...x, dimensions: x.dimensions.map((dd, i) => (i === di ? { ...dd, questions: dd.questions.map((qq, j) => (j === qi ? text : qq)) } : dd)) })
  const addQuestion = (di: number) => setDraft((x) => x && { ...x, dimensions: x.dimensions.map((dd, i) => (i === di ? { ...dd, questions: [...dd.questions, ''] } : dd)) })
  const removeQuestion = (di: number, qi: number) =>
    setDraft((x) => x && { ...x, dimensions: x.dimensions.map((dd, i) => (i === di ? { ...dd, questions: dd.questions.filter((_, j) => j !== qi) } : dd)) })

  async function publish(x: Draft) {
    if (busy) return
    const input = {
      basedOn: t.version,
      note: x.note.trim(),
      dimensions: x.dimensions.map((dd) => ({ key: dd.key, questions: dd.questions.map((qq) => qq.trim()) })),
      commentPrompt: x.commentPrompt.trim(),
    }
    const checked = checkInput(publishSurveyTemplate, input)
    if (!checked.ok) return setError(checked.message)
    const ok = await confirm({
      title: `发布第 ${t.version + 1} 版问卷？`,
      content: '发布后，新发起的测评都用这一版；进行中和已结束的测评不变。每道题只和同一版的测评比较。',
      confirmText: '发布',
      cancelText: '再想想',
    })
    if (!ok) return
    setBusy(true)
    setError(undefined)
    const res = await call(publishSurveyTemplate, input, { requestId: request.idFor(input) })
    setBusy(false)
    if (!res.ok) {
      setError(res.error.message)
      if (res.error.code === 'STORE_CONFLICT') await reload()
      return
    }
    request.done()
    toast(`第 ${res.data.version} 版已发布`, 'success')
    setDraft(undefined)
    await reload()
  }

  if (draft) {
    return (
      <View className='card sv-editor'>
        <Panel
          className='sv-editor-form'
          title={`编辑第 ${t.version + 1} 版问卷`}
          hint='六个方面按评价标准固定，每个方面 3 到 5 道题。题目用职工听得懂的话写，一道题只问一件事。'
          error={error}
          submitText='发布新版本'
          busy={busy}
          onCancel={() => setDraft(undefined)}
          onSubmit={() => void publish(draft)}
        >
          {draft.dimensions.map((dd, di) => (
            <View key={dd.key} className={`sv-editor__dim sv-editor-${dd.key}`}>
              <View className='sv-editor__label'>{dd.label}</View>
              {dd.questions.map((qq, qi) => (
                <View key={qi} className='sv-editor__q'>
                  <Field
                    wrap
                    label={`第 ${qi + 1} 题`}
                    value={qq}
                    onChange={(v) => {
                      setQuestion(di, qi, v)
                      setError(undefined)
                    }}
                    maxlength={QUESTION.max}
                    className={`field-sv-q-${dd.key}-${qi + 1}`}
                  />
                  {dd.questions.length > 3 ? (
                    <Text className='sv-editor__remove' onClick={() => removeQuestion(di, qi)}>
                      删除这道题
                    </Text>
                  ) : null}
                </View>
              ))}
              {dd.questions.length < 5 ? (
                <Text className={`sv-editor__add sv-add-${dd.key}`} onClick={() => addQuestion(di)}>
                  + 加一道题
                </Text>
              ) : null}
            </View>
          ))}
          <Field wrap label='留言框提示' value={draft.commentPrompt} onChange={(v) => setDraft({ ...draft, commentPrompt: v })} maxlength={PROMPT.max} className='field-sv-prompt' />
          <Field
            type='textarea'
            label='这一版改了什么'
            required
            value={draft.note}
            onChange={(v) => {
              setDraft({ ...draft, note: v })
              setError(undefined)
            }}
            maxlength={NOTE.max}
            placeholder='例如：工资方面加一道题，问工资调整是否告知'
            className='field-sv-note'
          />
        </Panel>
      </View>
    )
  }

  return (
    <View className='card sv-current-template'>
      <View className='sv-current-template__title'>
        现行问卷：第 {t.version} 版 · {t.questionCount} 道题
      </View>
      <View className='sv-current-template__meta muted'>
        {t.publishedLabel} {t.publishedBy} · {t.note}
      </View>
      {t.dimensions.map((dd) => (
        <View key={dd.key} className={`sv-tpl-dim sv-tpl-${dd.key}`}>
          <View className='sv-tpl-dim__label'>{dd.label}</View>
          {dd.questions.map((qq, i) => (
            <View key={qq.key} className='sv-tpl-dim__q'>
              {i + 1}. {qq.text}
            </View>
          ))}
        </View>
      ))}
      <View className='sv-tpl-dim__prompt muted'>留言框：{t.commentPrompt}</View>
      {d.canEdit ? (
        <View className='mt-24'>
          <Button type='primary' block className='sv-edit-template' onClick={() => setDraft(draftOf(d))}>
            修改问卷，发布新版本
          </Button>
        </View>
      ) : null}
    </View>
  )
}
