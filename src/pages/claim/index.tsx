import { View } from '@tarojs/components'
import { useState } from 'react'
import { claimCase } from '../../../types/contracts/intake'
import { fieldErrors } from '../../client/check'
import { call } from '../../client/cloud'
import { replace, ROUTES } from '../../device/nav'
import { Button, Field, toast, useFieldErrors } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

type FieldKey = 'caseNo' | 'code'

const FALLBACK: Record<FieldKey, string> = {
  caseNo: '诉求编号是 2 个字母加 10 位数字，例如 CX2611250007',
  code: '认领码是凭条上的 6 位字母和数字',
}

const toFieldKey = (path: readonly PropertyKey[]): FieldKey | undefined => {
  const p = String(path[0] ?? '')
  return p === 'caseNo' || p === 'code' ? p : undefined
}

/** What is typed becomes what is on the slip: letters upper-cased, spaces and dashes dropped. */
const normalize = (v: string, max: number) => v.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, max)

/**
 * 认领诉求 (我的诉求 → 认领): a case a station officer filed for the worker (代为登记) becomes theirs with the case
 * number and the claim code on the slip; then it is in 我的诉求 like one they filed themselves.
 */
export default function Claim() {
  const [caseNo, setCaseNo] = useState('')
  const [code, setCode] = useState('')
  const fields = useFieldErrors<FieldKey>()
  const [busy, setBusy] = useState(false)

  async function submit() {
    if (busy) return
    const input = { caseNo, code }
    const checked = claimCase.input.safeParse(input)
    if (!checked.success) return fields.show(fieldErrors(checked.error.issues, FALLBACK, toFieldKey))
    fields.show({})
    setBusy(true)
    const res = await call(claimCase, input)
    setBusy(false)
    if (!res.ok) {
      const at = res.error.fields?.map((f) => toFieldKey([f])).find(Boolean)
      if (at) fields.show({ [at]: res.error.message })
      else toast(res.error.message)
      return
    }
    toast(res.data.already ? '你已经认领过了' : '认领成功', 'success')
    replace(ROUTES.caseDetail, { id: res.data.id })
  }

  return (
    <Screen className='claim'>
      <View className='claim-intro'>
        <View className='claim-intro__title'>认领诉求</View>
        <View className='claim-intro__text'>
          驿站工作人员替你登记的诉求，凭条上有诉求编号和认领码。输入后，这条诉求就会出现在 我的诉求 里，你可以查看进度、补充情况和评价。
        </View>
      </View>
      <View className='card claim-form'>
        <Field
          label='诉求编号'
          className='field-claim-case-no'
          value={caseNo}
          onChange={fields.onChange('caseNo', (v: string) => setCaseNo(normalize(v, 12)))}
          maxlength={20}
          placeholder='如 CX2611250007'
          error={fields.errors.caseNo}
        />
        <Field
          label='认领码'
          className='field-claim-code'
          value={code}
          onChange={fields.onChange('code', (v: string) => setCode(normalize(v, 6)))}
          maxlength={12}
          placeholder='6 位字母和数字'
          error={fields.errors.code}
        />
        <View className='claim-form__action'>
          <Button type='primary' size='large' className='submit-claim' loading={busy} onClick={() => void submit()}>
            认领
          </Button>
        </View>
      </View>
      <View className='claim-note'>认领码只能用一次；连续输错 5 次会锁定，需要请驿站重新生成。没有凭条？可以打电话问办理的驿站。</View>
    </Screen>
  )
}
