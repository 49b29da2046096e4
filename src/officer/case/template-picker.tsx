import { Text, View } from '@tarojs/components'
import { templatesForCase } from '../../../types/contracts/templates'
import { useQuery } from '../../client/query'
import { Empty, LoadState, Tag } from '../../ui'

export interface TemplatePickerProps {
  caseId: string
  /** The template's words go into the reply box, where the officer edits them before sending. */
  onPick: (text: string) => void
  onClose: () => void
}

/** 常用回复: the owning station's templates, then the city-wide ones; a tap puts one into the reply box. */
export default function TemplatePicker(props: TemplatePickerProps) {
  const q = useQuery(templatesForCase, { id: props.caseId })
  return (
    <View className='template-picker'>
      <View className='template-picker__head'>
        <Text className='template-picker__title'>选一条常用回复，填入后可以修改</Text>
        <Text className='template-picker__close' onClick={props.onClose}>
          收起
        </Text>
      </View>
      {!q.data ? (
        <LoadState query={q} rows={2} />
      ) : q.data.items.length ? (
        q.data.items.map((t) => (
          <View key={t.id} className={`template-row template-${t.id}`} onClick={() => props.onPick(t.text)}>
            <View className='template-row__top'>
              <Text className='template-row__title'>{t.title}</Text>
              {t.cityWide ? <Tag plain>全市通用</Tag> : null}
            </View>
            <View className='template-row__text'>{t.text}</View>
          </View>
        ))
      ) : (
        <Empty text='还没有常用回复' hint='驿站负责人可以在 工作台 → 常用回复 里添加，市级管理员可以添加全市通用的' />
      )}
    </View>
  )
}
