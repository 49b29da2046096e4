import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { closeAlert, getAlert, linkAlertCases } from '../../../types/contracts/cluster'
import { call } from '../../client/cloud'
import { lengthInWords, textLimits } from '../../client/limits'
import { useQuery } from '../../client/query'
import { go, ROUTES, usePageParams } from '../../device/nav'
import { usePullToReload, useShownAgain } from '../../device/page-hooks'
import { Button, LoadState, Tag, toast } from '../../ui'
import { checkedAndConfirmed, refused } from '../../shared/confirm-steps'
import { NotePanel } from '../../shared/note-panel'
import { Screen } from '../../shared/screen'
import { CaseRow, DeadlineText, Kv, PrivacyBadge } from '../../shared/case-bits'
import './index.scss'

/** Lengths come from the contract (one place for each limit). */
const DECISION = textLimits(closeAlert.input.shape.decision)

/**
 * One 聚集预警 (ADR 0011): who it is about and how many have complained, its cases (each opens the case page,
 * 全部关联 ties them together so each shows the others), and closing it with the decision taken — recorded with
 * who and when, and kept on the page afterwards.
 */
export default function AlertPage() {
  const { id } = usePageParams()
  const q = useQuery(getAlert, id ? { id } : null)
  const [closing, setClosing] = useState(false)
  const [decision, setDecision] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState<'link' | 'close'>()

  usePullToReload(q.reload)
  useShownAgain(() => void q.reload())

  if (!q.data) {
    return (
      <Screen className='alert'>
        <LoadState query={q} rows={3} missing='没有找到这条聚集预警' />
      </Screen>
    )
  }
  const a = q.data

  async function linkAll() {
    if (busy) return
    setBusy('link')
    const res = await call(linkAlertCases, { id: a.id })
    setBusy(undefined)
    if (!res.ok) return toast(res.error.message)
    toast('已互相关联', 'success')
    await q.reload()
  }

  async function close() {
    if (busy) return
    const input = { id: a.id, version: a.version, decision }
    const ok = await checkedAndConfirmed(closeAlert, input, '请写明处理决定', setError, {
      title: '关闭这条预警？',
      content: '处理决定会和你的姓名、时间一起记录，关闭后不能修改。之后这个单位再有职工反映，会重新预警。',
      confirmText: '确认关闭',
      cancelText: '再想想',
    })
    if (!ok) return
    setBusy('close')
    const res = await call(closeAlert, input)
    setBusy(undefined)
    if (refused(res, setError)) return
    toast('已记录处理决定', 'success')
    setClosing(false)
    await q.reload()
  }

  return (
    <Screen className='alert'>
      <View className='detail-head'>
        <View className='row-between alert-head'>
          <Text className='detail-head__title alert-subject'>{a.subject}</Text>
          <Tag type={a.status === 'open' ? 'danger' : 'default'} className='alert-status'>
            {a.statusLabel}
          </Tag>
        </View>
        <View className='alert-summary'>{a.summary}</View>
      </View>

      <View className='card'>
        <Kv label='预警对象'>{a.kindLabel}</Kv>
        {a.names.length > 1 ? <Kv label='名称写法'>{a.names.join('；')}</Kv> : null}
        <Kv label='预警时间'>{a.raisedLabel}</Kv>
        <Kv label='最近一件'>{a.lastCaseLabel}</Kv>
        <Kv label='预警驿站'>{a.stationName}</Kv>
      </View>

      <View className='section-title'>诉求（{a.cases.length} 件）</View>
      <View className='alert-cases'>
        {a.cases.map((c) => (
          <CaseRow key={c.id} row={c} className='alert-case' onClick={() => go(ROUTES.officerCase, { id: c.id })}>
            <View className='case-row__excerpt'>{c.excerpt}</View>
            <View className='case-row__meta'>
              <PrivacyBadge privacy={c.privacy} label={c.privacyLabel} />
              <Text>{c.stationName}</Text>
              {c.workersAffected > 1 ? <Text>{c.workersAffected} 人</Text> : null}
            </View>
            <View className='case-row__meta'>
              <DeadlineText deadline={c.deadline} />
              <Text>{c.createdLabel}</Text>
              <Text className='case-row__no'>{c.caseNo}</Text>
            </View>
          </CaseRow>
        ))}
        {a.hiddenCases > 0 ? <View className='alert-hidden'>另有 {a.hiddenCases} 件已由上级驿站办理，本驿站不能查看</View> : null}
        {a.unlistedCases > 0 ? <View className='alert-hidden'>只列出最近 {a.cases.length + a.hiddenCases} 件，更早的 {a.unlistedCases} 件没有列出</View> : null}
      </View>
      {a.cases.length > 1 ? (
        <View className='card alert-link'>
          {a.allLinked ? (
            <View className='alert-link__done'>这些诉求已互相关联：打开任何一条，都能看到其他几条</View>
          ) : (
            <>
              <View className='alert-link__hint'>关联后，打开任何一条诉求都能看到其他几条，方便一起了解情况、一起办理</View>
              <Button type='primary' plain block className='link-alert-cases' loading={busy === 'link'} onClick={() => void linkAll()}>
                把这些诉求互相关联
              </Button>
            </>
          )}
        </View>
      ) : null}

      <View className='section-title'>处理决定</View>
      {a.decision ? (
        <View className='card alert-decision'>
          <View className='alert-decision__text'>{a.decision.text}</View>
          <View className='alert-decision__by'>
            {a.decision.byName} · {a.decision.atLabel}
          </View>
        </View>
      ) : closing ? (
        <View className='card'>
          <NotePanel
            className='close-alert-form'
            title='写明处理决定'
            hint={`例如已约谈企业、限期补发工资、转劳动监察立案等，${lengthInWords(DECISION)}。`}
            error={error}
            submitText='记录并关闭'
            busy={busy === 'close'}
            onSubmit={() => void close()}
            onCancel={() => {
              setClosing(false)
              setError(undefined)
            }}
            limit={DECISION}
            value={decision}
            onChange={(v) => {
              setDecision(v)
              setError(undefined)
            }}
            placeholder='例如：已约谈企业负责人，承诺 11 月底前补发拖欠的工资，驿站跟进'
            fieldClassName='field-alert-decision'
          />
        </View>
      ) : (
        <View className='card alert-decision--none'>
          <View className='alert-decision__hint'>了解情况、协调处理后，写明处理决定并关闭这条预警。</View>
          <Button type='primary' block className='close-alert' onClick={() => setClosing(true)}>
            写处理决定
          </Button>
        </View>
      )}
    </Screen>
  )
}
