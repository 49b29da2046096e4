import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { getCaseDetail } from '../../../types/contracts/case'
import { CHANNEL_LABEL } from '../../../types/domain'
import { back, callPhone, go, ROUTES, usePageParams } from '../../device/nav'
import { usePullToReload } from '../../device/page-hooks'
import { useQuery } from '../../client/query'
import { Button, LoadState, Tag, toast } from '../../ui'
import { Screen } from '../../shared/screen'
import { AmountAndWorkers, CaseHead, Kv, PrivacyBadge, Timeline } from '../../shared/case-bits'
import { handOff } from '../../device/handoff'
import { issueCode } from '../intake/issue'
import { CaseMedia } from '../../shared/media-list'
import { CaseThread, ThreadComposer, type ComposerMode } from '../../shared/thread'
import { noteCase, replyCase } from '../../../types/contracts/case-actions'
import { ConclusionCard } from '../../shared/conclusion'
import OfficerActions from './actions'
import TemplatePicker from './template-picker'
import LinkedCases from './linked-cases'
import './index.scss'

/** 常用回复 in the reply box: a tap puts a template's words into it, to edit before sending. */
function ReplyTemplates(props: { caseId: string; insert: (words: string) => void }) {
  const [picking, setPicking] = useState(false)
  if (picking)
    return (
      <TemplatePicker
        caseId={props.caseId}
        onClose={() => setPicking(false)}
        onPick={(t) => {
          props.insert(t)
          setPicking(false)
          toast('已填入回复框，可以修改后再发送')
        }}
      />
    )
  return (
    <View className='composer__templates'>
      <Text className='composer__templates-link open-templates' onClick={() => setPicking(true)}>
        常用回复 ›
      </Text>
    </View>
  )
}

/** The empty conversation's words: what this officer can write in it (a supervisor only notes, the owner replies once accepted). */
const emptyThread = (actions: readonly string[], state: string) =>
  actions.includes('case.reply')
    ? '还没有消息。可以在这里回复职工，或写内部备注。'
    : state === 'submitted' && actions.includes('case.accept')
      ? '还没有消息。受理后可以在这里回复职工，或写内部备注。'
      : actions.includes('case.note')
        ? '还没有消息。可以在这里写内部备注，只有工作人员能看到。'
        : '还没有消息。'

/** 回复职工 (the worker reads it and is told) and 内部备注 (officers only). */
const MODES: ComposerMode[] = [
  {
    key: 'reply',
    label: '回复职工',
    contract: replyCase,
    hint: '职工能看到这条回复，并会收到提醒。',
    placeholder: '写给职工的话，说清楚进展和下一步',
    submit: '发送回复',
    done: '已回复职工',
  },
  {
    key: 'note',
    label: '内部备注',
    contract: noteCase,
    hint: '内部备注只有工作人员能看到，职工看不到。',
    placeholder: '写给同事的记录，例如已电话联系单位',
    submit: '保存备注',
    done: '已保存备注',
  },
]

/**
 * An officer's view of a case: what the worker reported and who they are (identity only when the server
 * returns it: privacy, side) come first, then the actions, exactly the ones the server lists for this officer
 * now, then the case's particulars and timeline.
 */
export default function OfficerCase() {
  const { id } = usePageParams()
  const q = useQuery(getCaseDetail, id ? { id } : null)
  /** Set after an action that hands the case on: the reload may then find it out of this station's sight. */
  const [moved, setMoved] = useState<string>()
  const [issuing, setIssuing] = useState(false)

  usePullToReload(q.reload)

  if (!q.data) {
    if (moved && q.status !== 'loading') {
      return (
        <Screen className='officer-case'>
          <View className='officer-case__moved'>
            <View className='officer-case__moved-text'>{moved}</View>
            <View className='officer-case__moved-hint'>本驿站已不能查看这条诉求的后续办理</View>
            <Button type='primary' onClick={() => back(ROUTES.officerInbox)}>
              回到收件箱
            </Button>
          </View>
        </Screen>
      )
    }
    return (
      <Screen>
        <LoadState query={q} rows={3} missing='没有找到这条诉求' />
      </Screen>
    )
  }

  const c = q.data
  const modes = MODES.filter((m) => c.actions.includes(m.contract.op)).map((m) =>
    m.key === 'reply' ? { ...m, tools: (insert: (words: string) => void) => <ReplyTemplates caseId={c.id} insert={insert} /> } : m,
  )

  // 代为登记: a (new) claim code, shown on the slip page.
  async function issue(state: NonNullable<typeof c.claim>['state']) {
    if (issuing) return
    setIssuing(true)
    const slip = await issueCode(c.id, state)
    setIssuing(false)
    if (!slip) return void q.reload()
    handOff('claim-slip', slip)
    go(ROUTES.officerIntake, { id: c.id })
  }

  return (
    <Screen className='officer-case'>
      <CaseHead detail={c} badge={<PrivacyBadge privacy={c.privacy} label={c.privacyLabel} />} />

      <View className='section-title'>反映的情况</View>
      <View className='card'>
        {c.contentNotice ? (
          <View className='content-notice'>
            <View className='content-notice__text'>{c.contentNotice.text}</View>
            <View className='content-notice__hint'>{c.contentNotice.hint}</View>
          </View>
        ) : null}
        <Text className='detail-desc'>{c.description}</Text>
        <View className='officer-case__facts'>
          <AmountAndWorkers amountOwed={c.amountOwed} workersAffected={c.workersAffected} />
          <Kv label='本单位问题'>{c.aboutOwnEmployer ? '是，反映的是本单位' : '不是本单位'}</Kv>
          {c.employer ? (
            <Kv label='反映的单位' className='case-employer'>
              {c.employer.name ?? `不清楚单位全称${c.employer.note ? `：${c.employer.note}` : ''}`}
              {c.employer.uscc ? `（信用代码 ${c.employer.uscc}）` : ''}
            </Kv>
          ) : null}
          {c.blacklist ? (
            <View className='officer-case__blacklist blacklist-note'>
              <Tag type='danger'>{c.blacklist.label}</Tag>
              <Text>提交时该单位在欠薪黑名单上（{c.blacklist.docNo}）</Text>
            </View>
          ) : null}
        </View>
      </View>
      <CaseMedia caseId={c.id} as='officer' count={c.mediaCount} title='照片和录音' />

      <View className='section-title'>反映人</View>
      <View className='card worker-identity'>
        {c.identity ? (
          <>
            <Kv label='姓名' className='identity-name'>
              {c.identity.name}
            </Kv>
            <Kv label='电话' className='identity-phone officer-case__phone' onClick={() => c.identity && callPhone(c.identity.phone)}>
              {c.identity.phone}
            </Kv>
            <View className='officer-case__note'>{c.identityNote}</View>
          </>
        ) : (
          <View className='officer-case__note identity-note'>{c.identityNote}</View>
        )}
      </View>

      {c.claim ? (
        <>
          <View className='section-title'>职工认领</View>
          <View className={`card officer-case__claim claim-${c.claim.state}`}>
            <View className='officer-case__note claim-text'>{c.claim.text}</View>
            {c.claim.mayIssue ? (
              <View className='officer-case__claim-action'>
                <Button type='primary' plain block loading={issuing} className='issue-code' onClick={() => void issue(c.claim!.state)}>
                  {c.claim.state === 'none' ? '生成认领码' : '重新生成认领码'}
                </Button>
              </View>
            ) : null}
          </View>
        </>
      ) : null}

      <View className='section-title'>办理</View>
      <View className='card officer-case__actions'>
        <OfficerActions detail={c} reload={q.reload} onMoved={setMoved} />
      </View>

      <ConclusionCard conclusion={c.conclusion} />

      <View className='section-title'>与职工的对话</View>
      <View className='card officer-thread'>
        <CaseThread caseId={c.id} as='officer' messages={c.thread} empty={emptyThread(c.actions, c.state)} />
        {modes.length ? (
          <ThreadComposer modes={modes} target={{ id: c.id, version: c.version }} reload={q.reload} />
        ) : (
          <View className='officer-thread__closed muted'>{c.state === 'submitted' ? '受理后才能回复职工。' : '现在不能在这条诉求里发消息。'}</View>
        )}
      </View>

      <View className='section-title'>办理信息</View>
      <View className='card'>
        <Kv label='诉求编号' className='case-no'>
          {c.caseNo}
        </Kv>
        <Kv label='提交时间'>{c.createdLabel}</Kv>
        <Kv label='来源'>
          {CHANNEL_LABEL[c.channel]} · {c.scannedStationName}
        </Kv>
        {c.filedBy ? <Kv label='登记人'>{`${c.filedBy.officerName} · ${c.filedBy.stationName}`}</Kv> : null}
        <Kv label='办理驿站'>{c.ownerStationName}</Kv>
      </View>

      <View className='section-title'>关联诉求</View>
      <LinkedCases caseId={c.id} />

      <View className='section-title'>办理进展（标 内部 的只有工作人员能看到）</View>
      <View className='card'>
        <Timeline items={c.timeline} showInternal />
      </View>
    </Screen>
  )
}
