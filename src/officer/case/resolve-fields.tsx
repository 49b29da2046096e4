import { View } from '@tarojs/components'
import type { OutputOf } from '../../../types/contract'
import type { listConclusions } from '../../../types/contracts/conclusions'
import { resolveCase } from '../../../types/contracts/case-actions'
import { textLimits } from '../../client/limits'
import { Field, LoadState, RadioCards } from '../../ui'
import type { QueryState } from '../../client/query'

type Conclusions = OutputOf<typeof listConclusions>

const NOTE = textLimits(resolveCase.input.shape.conclusionNote)

/** What the 办结 form asks besides the result: one standard conclusion, its note, and the wage figures. */
export interface ResolveChoice {
  conclusion?: string
  note: string
  amount: string
  workers: string
}

export const emptyResolveChoice = (): ResolveChoice => ({ note: '', amount: '', workers: '' })

export interface ResolveFieldsProps {
  list: QueryState<Conclusions>
  /** The case's category: the server's list says which categories record money recovered and workers paid. */
  category: string
  value: ResolveChoice
  onChange: (v: ResolveChoice) => void
}

/** Whether this case's resolution records the money recovered and the workers paid (as the server says). */
export const asksWage = (list: Conclusions | undefined, category: string) => !!list?.wageCategories.includes(category)

/** The 办结 form's input from the choice: numbers as typed (the contract refuses what is not a number). */
export const resolveInput = (list: Conclusions | undefined, category: string, v: ResolveChoice) => {
  const item = list?.items.find((i) => i.key === v.conclusion)
  return {
    conclusion: v.conclusion ?? '',
    ...(item?.needsNote && v.note.trim() ? { conclusionNote: v.note.trim() } : {}),
    ...(asksWage(list, category) && v.amount.trim() !== '' ? { amountRecovered: Number(v.amount) } : {}),
    ...(asksWage(list, category) && v.workers.trim() !== '' ? { workersPaid: Number(v.workers) } : {}),
  }
}

/** 办结结论 as cards (the active ones of the list), a note when the chosen one asks for it, and for wage arrears the money and people. */
export default function ResolveFields(props: ResolveFieldsProps) {
  const d = props.list.data
  if (!d) return <LoadState query={props.list} rows={2} />
  const v = props.value
  const item = d.items.find((i) => i.key === v.conclusion)
  const set = (patch: Partial<ResolveChoice>) => props.onChange({ ...v, ...patch })
  return (
    <View className='resolve-fields'>
      <View className='resolve-fields__label'>办结结论（必选）</View>
      <RadioCards
        classPrefix='conclusion'
        columns={2}
        value={v.conclusion}
        options={d.items.filter((i) => i.active).map((i) => ({ value: i.key, title: i.label }))}
        onChange={(conclusion) => set({ conclusion })}
      />
      {item?.needsNote ? (
        <Field label='结论说明' required value={v.note} onChange={(note) => set({ note })} maxlength={NOTE.max} placeholder='写明是什么结论' className='field-conclusion-note' />
      ) : null}
      {asksWage(d, props.category) ? (
        <View className='resolve-fields__wage'>
          <View className='resolve-fields__label'>农民工欠薪：追回了多少、几个人拿到了工资（没有就填 0）</View>
          <Field label='追回工资（元）' required type='digit' value={v.amount} onChange={(amount) => set({ amount })} placeholder='例如 8600' className='field-amount-recovered' />
          <Field label='拿到工资的人数' required type='number' value={v.workers} onChange={(workers) => set({ workers })} placeholder='例如 3' className='field-workers-paid' />
        </View>
      ) : null}
    </View>
  )
}
