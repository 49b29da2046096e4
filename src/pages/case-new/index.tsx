import { Text, View } from '@tarojs/components'
import { useMemo, useState } from 'react'
import { Contact, submitCase, SubmitCaseInput } from '../../../types/contracts/case'
import { fileAssistedCase, FileAssistedCaseInput } from '../../../types/contracts/intake'
import { getMe } from '../../../types/contracts/me'
import { listProjects } from '../../../types/contracts/settings'
import { Category, PRIVACY_LABEL, type AssistedChannel, type Privacy, type StationKind } from '../../../types/domain'
import { fieldErrors } from '../../client/check'
import { PRIVACY_AT_START, readCaseDraft, useCaseDraft, type CaseDraft, type CaseDraftValues } from '../../device/case-draft'
import { call, newRequestId } from '../../client/cloud'
import { textLimits } from '../../client/limits'
import { handOff } from '../../device/handoff'
import { back, go, replace, ROUTES, usePageParams } from '../../device/nav'
import { getLastStation } from '../../device/prefs'
import { useQuery } from '../../client/query'
import { Button, confirm, Field, LoadState, RadioCards, toast, useFieldErrors } from '../../ui'
import { Screen } from '../../shared/screen'
import { categoryCards, useCategoryCatalogue } from '../../shared/categories'
import { RightsCard } from '../../shared/rights-card'
import { ASSISTED_CHANNEL_OPTIONS, PRIVACY_READ_OUT } from '../../shared/assisted-intake'
import { EMPTY_EMPLOYER, EmployerField, employerInput, employerTouched, type EmployerErrorKey } from '../../shared/employer-field'
import { attachBusy, attachedIds, MediaAttach, type AttachItem } from '../../shared/media-attach'
import './index.scss'

type FieldKey =
  | 'category'
  | 'description'
  | 'amountOwed'
  | 'workersAffected'
  | 'projectId'
  | 'aboutOwnEmployer'
  | EmployerErrorKey
  | 'privacy'
  | 'contact.name'
  | 'contact.phone'
  | 'stationId'
  | 'channel'

/** Lengths come from the contract (one place for each limit). */
const DESCRIPTION = textLimits(SubmitCaseInput.shape.description)
const CONTACT_NAME = textLimits(Contact.shape.name)
const CONTACT_PHONE = textLimits(Contact.shape.phone)

/** Used when a schema message is not written for people (zod's defaults are English). */
const FALLBACK: Record<FieldKey, string> = {
  category: '请选一个最接近的类别',
  description: `请至少写 ${DESCRIPTION.min} 个字，说清楚发生了什么`,
  amountOwed: '金额请填数字（元），例如 12000；不清楚可以不填',
  workersAffected: '请填写涉及人数（1 人以上）',
  projectId: '没有找到这个工程项目，请重新选择',
  aboutOwnEmployer: '请选择是不是本单位的问题',
  'employer.name': '请填写单位名称；不清楚全称可以选「不清楚单位全称」',
  'employer.uscc': '统一社会信用代码校验不通过，请核对',
  'employer.note': '最多 100 个字',
  privacy: '请选择一种反映方式',
  'contact.name': '请填写姓名',
  'contact.phone': '请填写正确的手机号或座机号',
  stationId: '没有找到驿站，请返回重新选择',
  channel: '请选择职工是到站还是打电话来的',
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
  if (p === 'employer') return 'employer.name'
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
    employer: EMPTY_EMPLOYER,
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
    (!!v.employer && employerTouched(v.employer)) ||
    !!v.name?.trim() ||
    !!v.phone?.trim() ||
    !!v.intakeChannel
  )
}

export default function CaseNew() {
  const params = usePageParams()
  const stationId = params.stationId ?? ''
  // 代为登记 (`mode=assisted`): an officer fills the same form in for a worker at the officer's own station.
  const assisted = params.mode === 'assisted'
  const me = useQuery(getMe, assisted ? {} : null)
  const membership = me.data?.officer?.memberships.find((m) => m.stationId === stationId)
  const kind = assisted ? membership?.stationKind : (params.kind as StationKind | undefined)
  const channel: 'qr' | 'chosen' = params.channel === 'chosen' ? 'chosen' : 'qr'
  const stationName = useMemo(() => {
    if (assisted) return membership?.stationName
    const last = getLastStation()
    return last && (last.id === stationId || last.code === params.code) ? last.name : undefined
  }, [assisted, membership, stationId, params.code])
  // An officer's drafts are kept apart from the ones they might file as a worker at the same station.
  const draftKey = assisted ? `assisted.${stationId}` : stationId
  // 清空重填 starts the form over: a new fill, with a new request id.
  const [fill, setFill] = useState(0)
  const draft = useMemo(() => (fill === 0 ? readCaseDraft(draftKey) : undefined), [draftKey, fill])

  if (assisted && !membership) {
    return (
      <Screen className='case-new'>
        {me.data ? (
          <View className='case-new-nostation'>
            <View className='case-new-nostation__text'>你不是这个驿站的工作人员，不能在这里代为登记</View>
            <Button type='primary' size='large' onClick={() => back(ROUTES.officerInbox)}>
              回到工作台
            </Button>
          </View>
        ) : (
          <LoadState query={me} rows={3} />
        )}
      </Screen>
    )
  }

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
      draftKey={draftKey}
      assisted={assisted}
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
  /** Where the draft is kept on this phone. */
  draftKey: string
  /** 代为登记: an officer files for a worker (the read-out lines, 到站 / 电话, the claim slip afterwards). */
  assisted: boolean
  kind?: StationKind
  channel: 'qr' | 'chosen'
  stationName?: string
  /** What was typed last time and not sent, kept on this phone for this station. */
  draft?: CaseDraft
  /** 清空重填, after the draft was removed: the form opens again, empty. */
  onStartOver: () => void
}) {
  const { stationId, channel, stationName, draft, assisted } = props
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
  const [intakeChannel, setIntakeChannel] = useState<AssistedChannel | undefined>(start.intakeChannel)
  const [employer, setEmployer] = useState(start.employer ?? EMPTY_EMPLOYER)
  // Photos and voice notes upload as they are added; the form sends their ids (they are not kept in the draft).
  const [media, setMedia] = useState<AttachItem[]>([])
  const fields = useFieldErrors<FieldKey>()
  const catalogue = useCategoryCatalogue()
  const categories = catalogue.items
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
    employer,
    ...(privacy === 'anonymous' ? {} : { name, phone }),
    ...(assisted && intakeChannel ? { intakeChannel } : {}),
  }
  const keeper = useCaseDraft(props.draftKey, requestId, isFilled(values, fresh) ? values : null)

  const showAmount = !!category && WAGE_CATEGORIES.includes(category)
  // How soon it is accepted: the chosen category's limit, before a choice the slowest one's (both worded by the server).
  const chosenPromise = categories.find((c) => c.category === category)?.acceptPromise
  const promiseSentence = chosenPromise
    ? `提交后，驿站会在 ${chosenPromise}，并通过 我的诉求 告诉你进度。`
    : catalogue.latestAcceptPromise
      ? `提交后，驿站最迟会在 ${catalogue.latestAcceptPromise}，并通过 我的诉求 告诉你进度。`
      : '提交后，驿站会尽快受理，并通过 我的诉求 告诉你进度。'
  // 是哪个单位 (ADR 0011): at an enterprise station a case about that enterprise names it without asking.
  const employerFromStation = props.kind === 'enterprise' && ownEmployer === true
  const employerAnswer = employerInput(employer, employerFromStation)
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
    // "12,000 元" is read as 12000: separators, spaces and the unit are not part of the number.
    const amountText = amount.replace(/[,，\s元]/g, '')
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
      ...(employerAnswer ? { employer: employerAnswer } : {}),
      privacy,
      ...(anonymous ? {} : { contact: { name, phone } }),
      ...(attachedIds(media).length ? { media: attachedIds(media) } : {}),
    }
  }

  async function submit() {
    if (submitting) return
    if (attachBusy(media)) return toast('照片或录音还在上传，请稍等')
    const input = buildInput()
    // Not chosen yet: the contract check below refuses it at the field.
    const assistedInput = { ...input, channel: intakeChannel as AssistedChannel }
    const checked = assisted ? FileAssistedCaseInput.safeParse(assistedInput) : SubmitCaseInput.safeParse(input)
    if (!checked.success) {
      const next = fieldErrors(checked.error.issues, FALLBACK, toFieldKey)
      fields.show(Object.keys(next).length ? next : { description: FALLBACK.description })
      return
    }
    fields.show({})
    const ok = await confirm(
      assisted
        ? { title: '确认登记', content: `${PRIVACY_READ_OUT[privacy]}。\n职工听明白、同意后再登记。确认登记吗？`, confirmText: '确认登记', cancelText: '再看看' }
        : { title: '确认提交', content: `${PRIVACY_CONFIRM[privacy]}\n确认提交吗？`, confirmText: '确认提交', cancelText: '再看看' },
    )
    if (!ok) return

    keeper.flush()
    setKeptAfterFailure(false)
    setSubmitting(true)
    const res = assisted ? await call(fileAssistedCase, assistedInput, { requestId }) : await call(submitCase, input, { requestId })
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
    if (assisted) {
      // The slip with the claim code: shown once, never kept on the phone.
      handOff('intake-slip', res.data)
      replace(ROUTES.officerIntake, { id: res.data.id, stationId })
      return
    }
    handOff('case-done', res.data)
    replace(ROUTES.caseDone, { id: res.data.id })
  }

  /**
   * The request id was used before with other content: an earlier try did get through (its reply was lost)
   * and the form was changed afterwards. The case exists; what was changed can be added on its page.
   */
  async function sentBefore() {
    if (assisted) {
      const open = await confirm({
        title: '这条登记已经提交过了',
        content: '你上次点提交时，驿站其实已经收到了这条登记，可以在工作台 待受理 里找到它，在诉求详情里重新生成认领码。后来改动的内容还没有提交。',
        confirmText: '回工作台',
        cancelText: '留在这里',
      })
      if (!open) return
      keeper.discard()
      replace(ROUTES.officerInbox, { stationId })
      return
    }
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
        {assisted ? (
          <View className='case-new-intro__text assisted-intro'>代为登记：替来到驿站或打来电话的职工填写。提交后会生成诉求编号和认领码，交给职工在微信里认领、查看进度。</View>
        ) : (
          <View className='case-new-intro__text accept-promise'>{promiseSentence}</View>
        )}
        {stationName ? <View className='case-new-intro__station'>{assisted ? '登记驿站' : '反映给'}：{stationName}</View> : null}
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

      {assisted ? (
        <View className='form-section'>
          <View className='form-section__title'>职工是怎么来的？</View>
          <RadioCards
            classPrefix='intake-channel'
            columns={2}
            value={intakeChannel}
            onChange={(v) => {
              setIntakeChannel(v)
              fields.clear('channel')
            }}
            options={[...ASSISTED_CHANNEL_OPTIONS]}
            error={fields.errors.channel}
          />
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
          options={categoryCards(categories)}
          error={fields.errors.category}
        />
        <RightsCard category={category} />
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
              unit='元'
              className='field-amount'
              value={amount}
              onChange={fields.onChange('amountOwed', setAmount)}
              placeholder='大约多少，不清楚可以不填'
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

      <View className='form-section case-new-employer'>
        <View className='form-section__title'>{category === 'policy_question' ? '是哪个单位？（选填）' : '是哪个单位？'}</View>
        {employerFromStation ? null : (
          <View className='form-section__hint'>写单位全称最好，输入时会提示本县登记的单位；不清楚全称也没关系</View>
        )}
        <EmployerField
          stationId={stationId}
          fromStation={employerFromStation}
          optional={category === 'policy_question'}
          value={employer}
          onChange={setEmployer}
          errors={fields.errors}
          onEdit={(k) => fields.clear(k)}
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
            note: assisted ? PRIVACY_READ_OUT[p] : undefined,
            badge: p === 'confidential' ? '推荐' : undefined,
          }))}
          error={fields.errors.privacy}
        />
      </View>

      {!anonymous ? (
        <View className='form-section'>
          <View className='form-section__title'>{assisted ? '职工的联系方式' : '怎么联系你'}</View>
          <View className='form-box'>
            <Field
              label='姓名'
              className='field-contact-name'
              value={name}
              onChange={fields.onChange('contact.name', setName)}
              maxlength={CONTACT_NAME.max}
              placeholder={assisted ? '职工怎么称呼' : '怎么称呼你'}
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
              placeholder={assisted ? '职工的手机号或座机号' : '手机号或座机号'}
              error={fields.errors['contact.phone']}
              required
            />
          </View>
          <View className='form-section__hint'>{assisted ? '只用来联系职工办这件事，驿站回访时用' : '只用来联系你办这件事'}</View>
        </View>
      ) : null}

      <View className='actions case-new-submit'>
        <Button type='primary' size='large' loading={submitting} className='submit-case' onClick={() => void submit()}>
          {assisted ? '提交登记' : '提交诉求'}
        </Button>
        {keptAfterFailure ? <View className='case-new-kept'>{SAVED_ON_FAILURE}</View> : null}
        <View className='case-new-footnote'>
          <Text>{assisted ? '提交后请把诉求编号和认领码交给职工。' : '反映情况请实事求是。着急可以直接拨打 12333。'}</Text>
        </View>
      </View>
    </Screen>
  )
}
