import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { linkCase, listCaseLinks, unlinkCase } from '../../../types/contracts/cluster'
import { checkInput } from '../../client/check'
import { call } from '../../client/cloud'
import { useQuery } from '../../client/query'
import { go, ROUTES } from '../../device/nav'
import { confirm, Field, LoadState, Panel, toast } from '../../ui'
import { CaseRow, PrivacyBadge } from '../../shared/case-bits'

/** 2 letters and 10 digits, with room for spaces typed around them (the contract trims them). */
const CASE_NO_MAX = 20

/**
 * 关联诉求 on the officer's case page (ADR 0011): the cases linked to this one that this officer may open, each
 * a tap away; linking another by its number, and taking a link away. The server leaves out what the officer
 * may not see (the employer side never sees a case that is not open), so this part shows only what it gets.
 */
export default function LinkedCases(props: { caseId: string }) {
  const q = useQuery(listCaseLinks, { id: props.caseId })
  const [adding, setAdding] = useState(false)
  const [caseNo, setCaseNo] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  if (!q.data) {
    return (
      <View className='card linked-cases'>
        <LoadState query={q} rows={1} />
      </View>
    )
  }
  const { items, mayLink } = q.data

  async function add() {
    const input = { id: props.caseId, caseNo }
    const checked = checkInput(linkCase, input, '请填写另一条诉求的编号')
    if (!checked.ok) return setError(checked.message)
    setError(undefined)
    setBusy(true)
    const res = await call(linkCase, input)
    setBusy(false)
    if (!res.ok) return setError(res.error.message)
    toast('已关联', 'success')
    setAdding(false)
    setCaseNo('')
    await q.reload()
  }

  async function remove(otherId: string, otherNo: string) {
    const ok = await confirm({
      title: '取消关联？',
      content: `这条诉求和 ${otherNo} 将不再互相显示为关联诉求。两条诉求本身不受影响。`,
      confirmText: '取消关联',
      cancelText: '再想想',
    })
    if (!ok) return
    const res = await call(unlinkCase, { id: props.caseId, otherId })
    if (!res.ok) return toast(res.error.message)
    toast('已取消关联', 'success')
    await q.reload()
  }

  return (
    <View className='linked-cases'>
      {items.length ? (
        items.map((r) => (
          <CaseRow key={r.id} row={r} className='linked-case' onClick={() => go(ROUTES.officerCase, { id: r.id })}>
            <View className='case-row__excerpt'>{r.excerpt}</View>
            <View className='case-row__meta'>
              <PrivacyBadge privacy={r.privacy} label={r.privacyLabel} />
              <Text>{r.stationName}</Text>
              <Text className='case-row__no'>{r.caseNo}</Text>
            </View>
            <View className='case-row__meta linked-case__by'>
              <Text>{r.linkedLabel}</Text>
              {mayLink ? (
                <Text
                  className='linked-case__remove unlink-case'
                  onClick={(e) => {
                    e.stopPropagation()
                    void remove(r.id, r.caseNo)
                  }}
                >
                  取消关联
                </Text>
              ) : null}
            </View>
          </CaseRow>
        ))
      ) : (
        <View className='card linked-cases__empty'>
          <View className='linked-cases__empty-text'>还没有关联的诉求</View>
          <View className='linked-cases__empty-hint'>同一单位、同一件事的几条诉求可以关联起来，在这里互相打开，一起办理</View>
        </View>
      )}

      {mayLink ? (
        adding ? (
          <View className='card link-case-card'>
          <Panel
            className='link-case-form'
            title='关联另一条诉求'
            hint='填写另一条诉求的编号（在它的办理信息里），两条诉求会互相显示在这里。'
            error={error}
            submitText='关联'
            busy={busy}
            onSubmit={() => void add()}
            onCancel={() => {
              setAdding(false)
              setError(undefined)
            }}
          >
            <Field label='诉求编号' className='field-link-case-no' value={caseNo} onChange={setCaseNo} maxlength={CASE_NO_MAX} placeholder='例如 CX2611250001' />
          </Panel>
          </View>
        ) : (
          <View className='linked-cases__add'>
            <Text className='linked-cases__add-link add-link-case' onClick={() => setAdding(true)}>
              ＋ 关联另一条诉求
            </Text>
          </View>
        )
      ) : null}
    </View>
  )
}
