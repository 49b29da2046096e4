import { View } from '@tarojs/components'
import { useState } from 'react'
import type { OutputOf } from '../../../types/contract'
import { redeemInvite } from '../../../types/contracts/network'
import { checkInput } from '../../client/check'
import { call } from '../../client/cloud'
import { replace, ROUTES } from '../../device/nav'
import { Button, Field, Result } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

type Bound = OutputOf<typeof redeemInvite>

/** What the person types becomes the code: letters upper-cased, anything but letters and digits dropped. */
const normalize = (v: string) => v.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 8)

/** 绑定工作人员: the 8-character invite code from a station head, then who you now are at which station. */
export default function Bind() {
  const [code, setCode] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [bound, setBound] = useState<Bound>()

  async function submit() {
    if (busy) return
    const input = { code }
    const checked = checkInput(redeemInvite, input, '邀请码是 8 位字母和数字')
    if (!checked.ok) return setError(checked.message)
    setError(undefined)
    setBusy(true)
    const res = await call(redeemInvite, input)
    setBusy(false)
    if (!res.ok) return setError(res.error.message)
    setBound(res.data)
  }

  if (bound) {
    return (
      <Screen className='bind'>
        <Result className='bind-done' title='绑定成功'>
          <View className='bind-done__text bind-result'>
            你已成为 {bound.stationName} 的 {bound.roleLabel}（{bound.sideLabel}）
          </View>
          {bound.admin ? <View className='bind-done__sub'>你同时是管理员，可以在 我的 → 驿站网络管理 里管理驿站。</View> : null}
          <View className='bind-done__sub'>在工作台可以查看和办理本驿站收到的诉求。</View>
          <View className='bind-done__action'>
            <Button type='primary' size='large' className='go-workbench' onClick={() => replace(ROUTES.officerInbox, { stationId: bound.stationId })}>
              进入工作台
            </Button>
          </View>
        </Result>
      </Screen>
    )
  }

  return (
    <Screen className='bind'>
      <View className='bind-intro'>
        <View className='bind-intro__title'>输入邀请码</View>
        <View className='bind-intro__text'>邀请码由驿站负责人或管理员发给你，是 8 位字母和数字，72 小时内有效，只能用一次。</View>
      </View>
      <View className='card bind-form'>
        <Field
          label='邀请码'
          value={code}
          onChange={(v) => {
            setCode(normalize(v))
            setError(undefined)
          }}
          // Longer than the code: a pasted "K7M2 Q9XA" keeps all its characters; normalize keeps 8.
          maxlength={16}
          placeholder='例如 K7M2Q9XA'
          error={error}
          className='field-invite-code'
        />
        <View className='bind-form__action'>
          <Button type='primary' size='large' className='bind-submit' loading={busy} onClick={() => void submit()}>
            绑定
          </Button>
        </View>
      </View>
      <View className='bind-note'>不是驿站工作人员？不用绑定，直接在首页反映诉求就行。</View>
    </Screen>
  )
}
