import { Text, View } from '@tarojs/components'
import { useMemo, useState } from 'react'
import { Contact, submitCase, SubmitCaseInput } from '../../../types/contracts/case'
import { listProjects } from '../../../types/contracts/settings'
import { Category, CATEGORY_INFO, PRIVACY_LABEL, type Privacy, type StationKind } from '../../../types/domain'
import { fieldErrors } from '../../client/check'
import { PRIVACY_AT_START, readCaseDraft, useCaseDraft, type CaseDraft, type CaseDraftValues } from '../../device/case-draft'
import { call, newRequestId } from '../../client/cloud'
import { textLimits } from '../../client/limits'
import { handOff } from '../../device/handoff'
import { go, replace, ROUTES, usePageParams } from '../../device/nav'
import { getLastStation } from '../../device/prefs'
import { useQuery } from '../../client/query'
import { Button, confirm, Field, RadioCards, toast, useFieldErrors } from '../../ui'
import { Screen } from '../../shared/screen'
import { attachBusy, attachedIds, MediaAttach, type AttachItem } from '../../shared/media-attach'
import './index.scss'

type FieldKey =
  | 'category'
  | 'description'
  | 'amountOwed'
  | 'workersAffected'
  | 'projectId'
  | 'aboutOwnEmployer'
  | 'privacy'
  | 'contact.name'
  | 'contact.phone'
  | 'stationId'

/** Lengths come from the contract (one place for each limit). */
const DESCRIPTION = textLimits(SubmitCaseInput.shape.description)
const CONTACT_NAME = textLimits(Contact.shape.name)
const CONTACT_PHONE = textLimits(Contact.shape.phone)

/** Used when a schema message is not written for people (zod's defaults are English). */
const FALLBACK: Record<FieldKey, string> = {
  category: '请选一个最接近的类别',
  description: `请至少写 ${DESCRIPTION.min} 个字，说清楚发生了什么`,
  amountOwed: '请填写正确的金额（元），不知道可以不填',
  workersAffected: '请填写涉及人数（1 人以上）',
  projectId: '没有找到这个工程项目，请重新选择',
  aboutOwnEmployer: '请选择是不是本单位的问题',
  privacy: '请选择一种反映方式',
  'contact.name': '请填写姓名',
  'contact.phone': '请填写正确的手机号或座机号',
  stationId: '没有找到驿站，请返回重新选择',
}

const PRIVACY_DESC: Record<Privacy, string> = {
  open: '驿站能看到你的姓名和电话，方便直接联系你、和单位沟通',
  confidential: '你的姓名和电话只给政府、工会方的工作人员看，不会告诉你的单位',
  anonymous: '驿站看不到你的姓名和电话；匿名反映不会收到消息提醒，请到 我的诉求 查看进度',
}

const PRIVACY_CONFIRM: Record<Privacy, string> = {
  open: '你选择了“公开给驿站”：驿站工作人员能看到你的姓名和电话，可能会联系你和你的单位了解情况。',
  confidential: '你选择了“对单位保密”：你的姓名和电话只有政府、工会方的工作人员能看到，不会告诉你的单位。',
  anonymous: '你选择了“匿名”：驿站看不到你的姓名和电话，也不会给你发消息提醒，请记得到“我的诉求”查看进度。',
}

const SAVED_ON_FAILURE = '网络不好，内容已保存，可以稍后再提交'

const WAGE_CATEGORIES: readonly Category[] = ['pay', 'wage_arrears']
/** The project choice's "not known / not listed" card: no projectId is sent. */
const NO_PROJECT = 'none'

function toFieldKey(path: readonly PropertyKey[]): FieldKey | undefined {
  const p = path.map(String).join('.')
  if (p === 'contact') return 'contact.name'
  return (Object.keys(FALLBACK) as FieldKey[]).find((k) => k === p)
}

/**
 * What a fresh form starts with at this kind of station (D8c): 对单位保密 everywhere; 本单位 is 是 at an
 * enterprise station and not answered elsewhere (the person must choose).
 */
function freshValues(kind: StationKind | undefined): CaseDraftValues {
  return {
    description: '',
    amount: '',
    workers: '1',
    ownEmployer: kind === 'enterprise' ? true : null,
    privacy: PRIVACY_AT_START,
    privacyTouched: false,
    projectId: NO_PROJECT,
    name: '',
    phone: '',
  }
}

/** Whether anything was filled in or chosen (a form only opened is not kept as a draft). */
function isFilled(v: CaseDraftValues, fresh: CaseDraftValues): boolean {
  return (
    !!v.category ||
    !!v.description.trim() ||
    !!v.amount.trim() ||
    v.workers.trim() !== fresh.workers ||
    v.ownEmployer !== fresh.ownEmployer ||
    v.privacyTouched ||
    !!v.name?.trim() ||
    !!v.phone?.trim()
  )
}

export default function CaseNew() {
  const params = usePageParams()
  const stationId = params.stationId ?? ''
  const kind = params.kind as StationKind | undefined
  const channel: 'qr' | 'chosen' = params.channel === 'chosen' ? 'chosen' : 'qr'
  const stationName = useMemo(() => {
    const last = getLastStation()
    return last && (last.id === stationId || last.code === params.code) ? last.name : undefined
  }, [stationId, params.code])
  // 清空重填 starts the form over: a new fill, with a new request id.
  const [fill, setFill] = useState(0)
  const draft = useMemo(() => (fill === 0 ? readCaseDraft(stationId) : undefined), [stationId, fill])

  if (!stationId) {
    return (
      <Screen className='case-new'>
        <View className='case-new-nostation'>
          <View className='case-new-nostation__text'>请先选择要反映给哪个驿站</View>
          <Button type='primary' size='large' onClick={() => go(ROUTES.choose)}>
            选择驿站
          </Button>
        </View>
      </Screen>
    )
  }

  return (
    <CaseForm
      key={fill}
      stationId={stationId}
      kind={kind}
      channel={channel}
      stationName={stationName}
      draft={draft}
      onStartOver={() => setFill((n) => n + 1)}
    />
  )
}

function CaseForm(props: {
  stationId: string
  kind?: StationKind
  channel: 'qr' | 'chosen'
  stationName?: string
  /** What was typed last time and not sent, kept on this phone for this station. */
  draft?: CaseDraft
  /** 清空重填, after the draft was removed: the form opens again, empty. */
  onStartOver: () => void
}) {
  const { stationId, channel, stationName, draft } = props
  const fresh = useMemo(() => freshValues(props.kind), [props.kind])
  const start = draft?.values ?? fresh

  const [category, setCategory] = useState<Category | undefined>(start.category)
  const [description, setDescription] = useState(start.description)
  const [amount, setAmount] = useState(start.amount)
  const [workers, setWorkers] = useState(start.workers)
  const [ownEmployer, setOwnEmployer] = useState(start.ownEmployer)
  const [privacy, setPrivacy] = useState<Privacy>(start.privacy)
  const [privacyTouched, setPrivacyTouched] = useState(start.privacyTouched)
  const [name, setName] = useState(start.name ?? '')
  const [phone, setPhone] = useState(start.phone ?? '')
  const [projectId, setProjectId] = useState<string>(start.projectId)
  // Photos and voice notes upload as they are added; the form sends their ids (they are not kept in the draft).
  const [media, setMedia] = useState<AttachItem[]>([])
  const fields = useFieldErrors<FieldKey>()
  const [submitting, setSubmitting] = useState(false)
  /** A send that did not get through: the content is kept, and the form says so under the button. */
  const [keptAfterFailure, setKeptAfterFailure] = useState(false)
  // One id per filled form until it succeeds, kept with the draft: a retry after a lost reply, even after
  // the app was closed, cannot file the case twice (D26). 清空重填 starts a new one.
  const [requestId] = useState(() => draft?.requestId ?? newRequestId())

  // What is kept on the phone as the person types: never the name or phone when 匿名 is chosen.
  const values: CaseDraftValues = {
    category,
    description,
    amount,
    workers,
    ownEmployer,
    privacy,
    privacyTouched,
    projectId,
    ...(privacy === 'anonymous' ? {} : { name, phone }),
  }
  const keeper = useCaseDraft(stationId, requestId, isFilled(values, fresh) ? values : null)

  const showAmount = !!category && WAGE_CATEGORIES.includes(category)
  const anonymous = privacy === 'anonymous'

  // 农民工欠薪: the county's registered projects, asked for once the category is first chosen. Optional:
  // while loading, on failure or with none registered, the form shows nothing about projects.
  const isWageArrears = category === 'wage_arrears'
  const [wantProjects, setWantProjects] = useState(start.category === 'wage_arrears')
  const projects = useQuery(listProjects, wantProjects && stationId ? { stationId } : null)
  const projectItems = projects.status === 'ok' ? (projects.data?.items ?? []) : []
  const showProjects = isWageArrears && projectItems.length > 0
  const chosenProject = showProjects && projectItems.some((p) => p.id === projectId) ? projectId : undefined

  function buildInput() {
    const amountText = amount.trim()
    const workersText = workers.trim()
    return {
      stationId,
      channel,
      category: category as Category,
      description,
      ...(showAmount && amountText ? { amountOwed: Number(amountText) } : {}),
      ...(chosenProject ? { projectId: chosenProject } : {}),
      workersAffected: workersText ? Number(workersText) : 1,
      // Not answered yet: the contract check below refuses it at the field, before anything is sent.
      aboutOwnEmployer: ownEmployer as boolean,
      privacy,
      ...(anonymous ? {} : { contact: { name, phone } }),
      ...(attachedIds(media).length ? { media: attachedIds(media) } : {}),
    }
  }

  async function submit() {
    if (submitting) return
    if (attachBusy(media)) return toast('照片或录音还在上传，请稍等')
    const input = buildInput()
    const checked = SubmitCaseInput.safeParse(input)
    if (!checked.success) {
      const next = fieldErrors(checked.error.issues, FALLBACK, toFieldKey)
      fields.show(Object.keys(next).length ? next : { description: FALLBACK.description })
      return
    }
    fields.show({})
    const ok = await confirm({
      title: '确认提交',
      content: `${PRIVACY_CONFIRM[privacy]}\n确认提交吗？`,
      confirmText: '确认提交',
      cancelText: '再看看',
    })
    if (!ok) return

    keeper.flush()
    setKeptAfterFailure(false)
    setSubmitting(true)
    const res = await call(submitCase, input, { requestId })
    setSubmitting(false)
    if (!res.ok) {
      if (res.error.code === 'NETWORK_FAILED') {
        // The draft (with its request id) is kept: trying again later sends the same request.
        setKeptAfterFailure(true)
        toast(SAVED_ON_FAILURE)
      } else if (res.error.code === 'REQUEST_REUSED') {
        await sentBefore()
      } else if (res.error.code === 'REQUEST_INVALID' && res.error.fields?.length) {
        const next: Partial<Record<FieldKey, string>> = {}
        res.error.fields.forEach((f, i) => {
          const k = toFieldKey(f.split('.'))
          // The server's message is about the first field it refused; the others are only marked.
          if (k && !next[k]) next[k] = i === 0 ? res.error.message : FALLBACK[k]
        })
        fields.show(next)
        if (!Object.keys(next).length) toast(res.error.message)
      } else {
        toast(res.error.message)
      }
      return
    }
    keeper.discard()
    handOff('case-done', res.data)
    replace(ROUTES.caseDone, { id: res.data.id })
  }

  /**
   * The request id was used before with other content: an earlier try did get through (its reply was lost)
   * and the form was changed afterwards. The case exists; what was changed can be added on its page.
   */
  async function sentBefore() {
    const open = await confirm({
      title: '这条诉求已经提交过了',
      content: '你上次点提交时，驿站其实已经收到了这条诉求。后来改动的内容还没有提交，可以到 我的诉求 打开它，点 补充情况 告诉驿站。',
      confirmText: '去看看',
      cancelText: '留在这里',
    })
    if (!open) return
    keeper.discard()
    go(ROUTES.mine)
  }

  async function startOver() {
    const ok = await confirm({
      title: '清空重填？',
      content: '已经填写的内容会全部清空，需要从头重新填写。',
      confirmText: '清空',
      cancelText: '不清空',
    })
    if (!ok) return
    keeper.discard()
    props.onStartOver()
  }

  return (
    <Screen className='case-new'>
      <View className='case-new-intro'>
        <View className='case-new-intro__text'>提交后，驿站会在 1 个工作日内受理，并通过 我的诉求 告诉你进度。</View>
        {stationName ? <View className='case-new-intro__station'>反映给：{stationName}</View> : null}
        {fields.errors.stationId ? <View className='text-danger'>{fields.errors.stationId}</View> : null}
      </View>

      {draft ? (
        <View className='case-new-draft'>
          <Text className='case-new-draft__text'>已恢复你上次没提交的内容</Text>
          <Text className='case-new-draft__reset draft-reset' onClick={() => void startOver()}>
            清空重填
          </Text>
        </View>
      ) : null}

      <View className='form-section'>
        <View className='form-section__title'>遇到了什么问题？</View>
        <RadioCards
          classPrefix='category'
          columns={2}
          value={category}
          onChange={(v) => {
            setCategory(v)
            fields.clear('category')
            if (v === 'wage_arrears') setWantProjects(true)
          }}
          options={Category.options.map((c) => ({ value: c, title: CATEGORY_INFO[c].label, desc: CATEGORY_INFO[c].hint }))}
          error={fields.errors.category}
        />
      </View>

      <View className='form-section'>
        <View className='form-section__title'>说说发生了什么</View>
        <View className='form-section__hint'>什么时候、在哪个单位、发生了什么、你希望怎么解决（至少 {DESCRIPTION.min} 个字）</View>
        <View className='form-box'>
          <Field
            type='textarea'
            className='field-description'
            value={description}
            onChange={fields.onChange('description', setDescription)}
            maxlength={DESCRIPTION.max}
            showWordLimit
            placeholder='例如：我在县城一家服装厂上班，今年 3 月到 6 月的工资一直没发，一共大约 1.2 万元，找老板问了几次都说再等等。'
            error={fields.errors.description}
          />
        </View>
      </View>

      <View className='form-section case-new-media'>
        <View className='form-section__title'>照片和录音（可不填）</View>
        <View className='form-section__hint'>工资条、合同、欠条、工地告示都可以拍下来；最多 9 张照片，录音最长 60 秒</View>
        <MediaAttach value={media} onChange={setMedia} note={anonymous ? '匿名反映时，照片和录音里的姓名、声音也会被驿站看到，请留意' : undefined} />
      </View>

      <View className='form-section'>
        <View className='form-box'>
          {showAmount ? (
            <Field
              type='digit'
              label='欠了多少'
              className='field-amount'
              value={amount}
              onChange={fields.onChange('amountOwed', setAmount)}
              placeholder='大约多少元，不清楚可以不填'
              error={fields.errors.amountOwed}
            />
          ) : null}
          <Field
            type='number'
            label='涉及几人'
            className='field-workers'
            value={workers}
            onChange={fields.onChange('workersAffected', setWorkers)}
            placeholder='包括你自己，一共几个人'
            error={fields.errors.workersAffected}
          />
        </View>
      </View>

      {showProjects ? (
        <View className='form-section case-new-project'>
          <View className='form-section__title'>在哪个工程项目？</View>
          <RadioCards
            classPrefix='project'
            value={chosenProject ?? NO_PROJECT}
            onChange={fields.onChange('projectId', setProjectId)}
            options={[
              { value: NO_PROJECT, title: '不知道 / 不在列表里' },
              ...projectItems.map((p) => ({ value: p.id, title: p.name, desc: `总承包：${p.contractor}` })),
            ]}
            error={fields.errors.projectId}
          />
          <View className='form-section__hint case-new-project__hint'>选了项目，欠薪会交给项目的包保驿站（专门负责这个项目的驿站）办理。</View>
        </View>
      ) : null}

      <View className='form-section'>
        <View className='form-section__title'>反映的是本单位的问题吗？</View>
        <RadioCards
          classPrefix='own-employer'
          columns={2}
          value={ownEmployer === null ? undefined : ownEmployer ? 'yes' : 'no'}
          onChange={(v) => {
            setOwnEmployer(v === 'yes')
            fields.clear('aboutOwnEmployer')
          }}
          options={[
            { value: 'yes', title: '是', desc: '我现在工作的单位' },
            { value: 'no', title: '不是', desc: '别的单位、工地或包工头' },
          ]}
          error={fields.errors.aboutOwnEmployer}
        />
      </View>

      <View className='form-section'>
        <View className='form-section__title'>谁能看到你的姓名和电话？</View>
        <RadioCards
          classPrefix='privacy'
          value={privacy}
          onChange={(v) => {
            setPrivacy(v)
            setPrivacyTouched(true)
            fields.clear('privacy')
          }}
          options={(['open', 'confidential', 'anonymous'] as const).map((p) => ({
            value: p,
            title: PRIVACY_LABEL[p],
            desc: PRIVACY_DESC[p],
            badge: p === 'confidential' ? '推荐' : undefined,
          }))}
          error={fields.errors.privacy}
        />
      </View>

      {!anonymous ? (
        <View className='form-section'>
          <View className='form-section__title'>怎么联系你</View>
          <View className='form-box'>
            <Field
              label='姓名'
              className='field-contact-name'
              value={name}
              onChange={fields.onChange('contact.name', setName)}
              maxlength={CONTACT_NAME.max}
              placeholder='怎么称呼你'
              error={fields.errors['contact.name']}
              required
            />
            <Field
              type='tel'
              label='电话'
              className='field-contact-phone'
              value={phone}
              onChange={fields.onChange('contact.phone', setPhone)}
              maxlength={CONTACT_PHONE.max}
              placeholder='手机号或座机号'
              error={fields.errors['contact.phone']}
              required
            />
          </View>
          <View className='form-section__hint'>只用来联系你办这件事</View>
        </View>
      ) : null}

      <View className='actions case-new-submit'>
        <Button type='primary' size='large' loading={submitting} className='submit-case' onClick={() => void submit()}>
          提交诉求
        </Button>
        {keptAfterFailure ? <View className='case-new-kept'>{SAVED_ON_FAILURE}</View> : null}
        <View className='case-new-footnote'>
          <Text>反映情况请实事求是。着急可以直接拨打 12333。</Text>
        </View>
      </View>
    </Screen>
  )
}
