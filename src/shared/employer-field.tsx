import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { suggestEmployers } from '../../types/contracts/cluster'
import { EmployerName, EmployerNote, Uscc, type EmployerInput } from '../../types/employer'
import { textLimits } from '../client/limits'
import { useQuery } from '../client/query'
import { Field } from '../ui'
import './employer-field.scss'

/** What the employer part of the case form holds while the worker types (kept with the draft). */
export interface EmployerDraft {
  name: string
  /** 不清楚单位全称 */
  unknown: boolean
  /** What they know instead, when they do not know the full name. */
  note: string
  uscc: string
}

export const EMPTY_EMPLOYER: EmployerDraft = { name: '', unknown: false, note: '', uscc: '' }

export type EmployerErrorKey = 'employer.name' | 'employer.uscc' | 'employer.note'

/** Whether anything of it was filled in. */
export const employerTouched = (v: EmployerDraft): boolean => !!v.name.trim() || v.unknown || !!v.note.trim() || !!v.uscc.trim()

/**
 * The contract's input for what the form holds: the station's enterprise when it is filled in for the worker,
 * 不清楚 with what they know, or the name (and the code, when given); nothing when nothing was answered (the
 * contract then says what to do, at the field).
 */
export function employerInput(v: EmployerDraft, fromStation: boolean): EmployerInput | undefined {
  if (fromStation) return { kind: 'station' }
  if (v.unknown) return v.note.trim() ? { kind: 'unknown', note: v.note } : { kind: 'unknown' }
  if (!v.name.trim()) return undefined
  return v.uscc.trim() ? { kind: 'named', name: v.name, uscc: v.uscc } : { kind: 'named', name: v.name }
}

/** Lengths come from the contract (one place for each limit). */
const NAME = textLimits(EmployerName)
const NOTE = textLimits(EmployerNote)
const USCC = textLimits(Uscc)

/** How long typing rests before the suggestions are asked for (one call per pause, not per key). */
const SUGGEST_AFTER_MS = 300

function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return settled
}

export interface EmployerFieldProps {
  stationId: string
  /** An enterprise station and 本单位: the enterprise is filled in and shown, not asked. */
  fromStation: boolean
  /** A policy question: the worker may leave it blank. */
  optional: boolean
  value: EmployerDraft
  onChange: (v: EmployerDraft) => void
  errors: Partial<Record<EmployerErrorKey, string>>
  /** The worker changed a part: its message goes. */
  onEdit: (key: EmployerErrorKey) => void
}

/**
 * 是哪个单位: the employer's name with suggestions from the county's enterprise stations and registered projects
 * as the worker types, 「不清楚单位全称」 with what they know instead, and the 统一社会信用代码 for those who have it
 * (选填). At an enterprise station, for a case about that enterprise, it only says which one was filled in.
 */
export function EmployerField(props: EmployerFieldProps) {
  const { value, onChange, errors } = props
  const [suggesting, setSuggesting] = useState(false)
  const [showUscc, setShowUscc] = useState(!!value.uscc)
  const prefix = useSettled(value.name.trim(), SUGGEST_AFTER_MS)
  const here = useQuery(suggestEmployers, props.fromStation ? { stationId: props.stationId, prefix: '' } : null)
  const asked = !props.fromStation && !value.unknown && suggesting && prefix.length > 0
  const suggestions = useQuery(suggestEmployers, asked ? { stationId: props.stationId, prefix } : null)
  const items = (suggestions.data?.items ?? []).filter((s) => s.name !== value.name.trim())

  const set = (patch: Partial<EmployerDraft>, key: EmployerErrorKey) => {
    onChange({ ...value, ...patch })
    props.onEdit(key)
  }

  if (props.fromStation) {
    return (
      <View className='employer-field employer-field--station'>
        <View className='employer-field__station-name employer-from-station'>{here.data?.stationEmployer ?? '本驿站所在的企业'}</View>
        <View className='employer-field__station-hint'>在企业驿站反映本单位的问题，单位已自动填写，不用再填</View>
      </View>
    )
  }

  return (
    <View className='employer-field'>
      {!value.unknown ? (
        <View className='form-box'>
          <Field
            label='单位名称'
            className='field-employer-name'
            value={value.name}
            onChange={(name) => {
              setSuggesting(true)
              set({ name }, 'employer.name')
            }}
            maxlength={NAME.max}
            placeholder='例如：某某纺织有限公司'
            error={errors['employer.name']}
            required={!props.optional}
          />
        </View>
      ) : null}

      {asked && items.length ? (
        <View className='employer-field__suggestions employer-suggestions'>
          <View className='employer-field__suggestions-title'>本县登记的单位，点一下就能填上</View>
          {items.map((s) => (
            <View
              key={s.name}
              className='employer-field__suggestion employer-suggestion'
              onClick={() => {
                setSuggesting(false)
                set({ name: s.name }, 'employer.name')
              }}
            >
              <Text className='employer-field__suggestion-name'>{s.name}</Text>
              <Text className='employer-field__suggestion-note'>{s.note}</Text>
            </View>
          ))}
        </View>
      ) : null}

      <View
        className={`employer-field__unknown employer-unknown ${value.unknown ? 'employer-field__unknown--on is-selected' : ''}`}
        onClick={() => {
          setSuggesting(false)
          set({ unknown: !value.unknown }, 'employer.name')
        }}
      >
        <View className={`employer-field__check ${value.unknown ? 'employer-field__check--on' : ''}`}>{value.unknown ? '✓' : ''}</View>
        <Text className='employer-field__unknown-text'>不清楚单位全称</Text>
      </View>
      {value.unknown ? (
        <View className='form-box employer-field__note'>
          <Field
            type='textarea'
            className='field-employer-note'
            value={value.note}
            onChange={(note) => set({ note }, 'employer.note')}
            maxlength={NOTE.max}
            placeholder='知道多少写多少（选填）：例如 县城东边的服装厂，老板姓王'
            error={errors['employer.note']}
          />
        </View>
      ) : null}

      {!value.unknown ? (
        showUscc ? (
          <View className='form-box employer-field__uscc'>
            <Field
              label='信用代码'
              className='field-employer-uscc'
              value={value.uscc}
              onChange={(uscc) => set({ uscc }, 'employer.uscc')}
              maxlength={USCC.max}
              placeholder='18 位（选填）'
              error={errors['employer.uscc']}
            />
          </View>
        ) : (
          <Text className='employer-field__uscc-link add-uscc' onClick={() => setShowUscc(true)}>
            知道统一社会信用代码（营业执照上有）？点这里填写
          </Text>
        )
      ) : null}
    </View>
  )
}
