import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { OutputOf } from '../../../types/contract'
import { getCaseDetail } from '../../../types/contracts/case'
import type { ClaimSlip, fileAssistedCase } from '../../../types/contracts/intake'
import { useQuery } from '../../client/query'
import { takeOver } from '../../device/handoff'
import { back, go, replace, ROUTES, usePageParams } from '../../device/nav'
import { canPrint, printPage } from '../../device/print'
import { CLAIM_STEPS, slipText } from '../../shared/assisted-intake'
import { Kv } from '../../shared/case-bits'
import { Screen } from '../../shared/screen'
import { Button, copyText, LoadState, toast } from '../../ui'
import { issueCode } from './issue'
import './index.scss'

type Filed = OutputOf<typeof fileAssistedCase>

/**
 * 诉求认领凭条: after 代为登记 (or a new code), the case number and the claim code, large, laid out to be copied
 * by hand, printed or read out, with how to claim and whom to ask. The code is shown this once: opened again
 * without it, the page shows where the claim stands and offers a new code to those who may give one.
 */
export default function IntakeSlip() {
  const params = usePageParams()
  const id = params.id ?? ''
  const [filed] = useState(() => takeOver<Filed>('intake-slip'))
  const [slip, setSlip] = useState<ClaimSlip | undefined>(() => filed?.slip ?? takeOver<ClaimSlip>('claim-slip'))
  const [issuing, setIssuing] = useState(false)
  // Without a code to show: the case's claim as it stands now.
  const detail = useQuery(getCaseDetail, slip?.claimCode || !id ? null : { id })

  async function issue(state: 'none' | 'open' | 'locked' | 'claimed') {
    if (issuing) return
    setIssuing(true)
    const next = await issueCode(id, state)
    setIssuing(false)
    if (!next) return void detail.reload()
    setSlip(next)
    toast('已生成认领码', 'success')
  }

  const fileAnother = () =>
    params.stationId ? replace(ROUTES.caseNew, { mode: 'assisted', stationId: params.stationId }) : back(ROUTES.officerInbox)

  if (slip?.claimCode) {
    const code = slip.claimCode
    return (
      <Screen className='intake'>
        <View className='intake-head'>
          <View className='intake-head__title'>{filed ? '登记成功' : '新的认领码'}</View>
          {filed ? (
            <View className='intake-head__sub'>
              由 {filed.ownerStationName} 办理，{filed.acceptPromise}
            </View>
          ) : (
            <View className='intake-head__sub'>之前发出的认领码已经不能用了</View>
          )}
        </View>

        <View className='claim-slip'>
          <View className='claim-slip__title'>菏谐驿站 · 诉求认领凭条</View>
          <View className='claim-slip__label'>诉求编号</View>
          <View className='claim-slip__no case-no'>{slip.caseNo}</View>
          <View className='claim-slip__label'>认领码</View>
          <View className='claim-slip__code claim-code'>{code}</View>
          <View className='claim-slip__once'>只能用一次，请不要告诉别人</View>
          <View className='claim-slip__label'>怎么认领</View>
          {CLAIM_STEPS.map((step, i) => (
            <View key={step} className='claim-slip__step'>
              <Text className='claim-slip__step-no'>{i + 1}</Text>
              <Text className='claim-slip__step-text'>{step}</Text>
            </View>
          ))}
          <View className='claim-slip__foot'>
            <View>
              登记驿站：{slip.stationName}
              {slip.stationPhone ? `（电话 ${slip.stationPhone}）` : ''}
            </View>
            <View>
              着急可以拨打 {slip.hotline.number}（{slip.hotline.name}）
            </View>
            <View className='claim-slip__at'>{slip.issuedAtLabel} 发出</View>
          </View>
        </View>

        <View className='intake-hint'>
          打印或抄写这张凭条交给职工；电话登记的，请把诉求编号和认领码读给职工听（可以先点 复制凭条内容，用短信发给职工）。
        </View>

        <View className='actions intake-actions'>
          <Button
            type='primary'
            size='large'
            className='copy-slip'
            onClick={() => copyText(slipText({ ...slip, claimCode: code }), '凭条内容已复制', '没能复制，请抄写凭条')}
          >
            复制凭条内容
          </Button>
          {canPrint() ? (
            <Button size='large' className='print-slip' onClick={printPage}>
              打印凭条
            </Button>
          ) : null}
          {filed ? (
            <Button size='large' className='file-another' onClick={fileAnother}>
              再登记一位职工
            </Button>
          ) : null}
          <Button size='large' className='go-case' onClick={() => go(ROUTES.officerCase, { id: slip.caseId })}>
            查看这条诉求
          </Button>
        </View>
      </Screen>
    )
  }

  // No code to show: withheld at filing (the owning station gives it), a replayed answer, or opened again.
  if (slip) {
    return (
      <Screen className='intake'>
        <View className='intake-head'>
          <View className='intake-head__title'>{filed ? '登记成功' : '认领码'}</View>
        </View>
        <View className='card'>
          <Kv label='诉求编号' className='case-no'>
            {slip.caseNo}
          </Kv>
          <Kv label='办理驿站'>{slip.ownerStationName}</Kv>
          <View className='intake-note claim-note'>{slip.note}</View>
        </View>
        <View className='actions intake-actions'>
          {slip.mayIssue ? (
            <Button type='primary' size='large' loading={issuing} className='issue-code' onClick={() => void issue('open')}>
              重新生成认领码
            </Button>
          ) : null}
          {filed ? (
            <Button size='large' className='file-another' onClick={fileAnother}>
              再登记一位职工
            </Button>
          ) : null}
          <Button size='large' onClick={() => back(ROUTES.officerInbox)}>
            回到工作台
          </Button>
        </View>
      </Screen>
    )
  }

  if (!detail.data) {
    return (
      <Screen className='intake'>
        <LoadState query={detail} rows={3} missing='没有找到这条诉求，或它已交给其他驿站办理' />
      </Screen>
    )
  }
  const c = detail.data
  return (
    <Screen className='intake'>
      <View className='intake-head'>
        <View className='intake-head__title'>认领码</View>
      </View>
      <View className='card'>
        <Kv label='诉求编号' className='case-no'>
          {c.caseNo}
        </Kv>
        <Kv label='办理驿站'>{c.ownerStationName}</Kv>
        <View className='intake-note claim-note'>{c.claim ? c.claim.text : '这条诉求是职工自己在微信里提交的，不需要认领码'}</View>
      </View>
      <View className='actions intake-actions'>
        {c.claim?.mayIssue ? (
          <Button type='primary' size='large' loading={issuing} className='issue-code' onClick={() => void issue(c.claim!.state)}>
            {c.claim.state === 'none' ? '生成认领码' : '重新生成认领码'}
          </Button>
        ) : null}
        <Button size='large' className='go-case' onClick={() => go(ROUTES.officerCase, { id: c.id })}>
          查看这条诉求
        </Button>
      </View>
    </Screen>
  )
}
