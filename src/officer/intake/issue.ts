import type { ClaimView } from '../../../types/contracts/case'
import { issueClaimCode, type ClaimSlip } from '../../../types/contracts/intake'
import { call } from '../../client/cloud'
import { confirm, toast } from '../../ui'

/**
 * Gives out a (new) claim code for a case: asks first when one is out already (it stops working), and says
 * what went wrong otherwise. The slip, or nothing.
 */
export async function issueCode(id: string, state: ClaimView['state']): Promise<ClaimSlip | undefined> {
  if (state === 'open' || state === 'locked') {
    const ok = await confirm({
      title: '重新生成认领码？',
      content: '生成后，之前发出的认领码就不能再用了。请把新的认领码交给职工。',
      confirmText: '重新生成',
      cancelText: '再想想',
    })
    if (!ok) return undefined
  }
  const res = await call(issueClaimCode, { id })
  if (!res.ok) {
    toast(res.error.message)
    return undefined
  }
  return res.data
}
