import { Text, View } from '@tarojs/components'
import type { Hotline } from '../../types/domain'
import { callPhone } from '../device/nav'

/** Shown when the station sends none (e.g. before one is chosen). Public numbers, not rules. */
export const DEFAULT_HOTLINES: Hotline[] = [
  { number: '12333', name: '人社服务' },
  { number: '12351', name: '职工热线' },
  { number: '12348', name: '法律援助' },
  { number: '12345', name: '政务服务' },
]

/** What each hotline is for, in plain words (the hotline guide page). Keyed by the numbers above. */
export const HOTLINE_GUIDE: Record<string, { who: string; for: string[] }> = {
  '12333': {
    who: '人力资源和社会保障部门（人社局）',
    for: ['工资被拖欠、少发，加班费不给', '不签劳动合同、被辞退、经济补偿', '社会保险怎么交、断缴了怎么办', '找工作、职业培训和各类补贴'],
  },
  '12351': {
    who: '工会（全国总工会职工服务热线）',
    for: ['想请工会出面帮忙和单位沟通', '单位没有工会，想加入或成立工会', '生活困难，需要帮扶', '心里压力大，想找人说说'],
  },
  '12348': {
    who: '司法行政部门（公共法律服务）',
    for: ['想问问法律上怎么规定、该怎么做', '要打官司、申请仲裁，但请不起律师：申请法律援助', '看不懂合同、协议和法律文书'],
  },
  '12345': {
    who: '政府的政务服务便民热线',
    for: ['不知道该找哪个部门的事', '对政府部门办事的意见和建议', '其他各类政务服务问题'],
  },
}

/** Situations a worker is in, and the number to call first. */
export const HOTLINE_WHEN: Array<{ when: string; call: string }> = [
  { when: '工资拖欠、不签合同、社保、被辞退', call: '12333' },
  { when: '想找工会帮忙、困难帮扶', call: '12351' },
  { when: '需要律师、想申请法律援助', call: '12348' },
  { when: '不知道归哪个部门管', call: '12345' },
]

export function HotlineStrip(props: { hotlines?: Hotline[] }) {
  const list = props.hotlines && props.hotlines.length ? props.hotlines : DEFAULT_HOTLINES
  return (
    <View className='hotlines'>
      <View className='hotlines__title'>着急可以直接打电话（点一下就能拨）</View>
      <View className='hotlines__list'>
        {list.map((h) => (
          <View key={h.number} className={`hotline hotline-${h.number}`} onClick={() => callPhone(h.number)}>
            <Text className='hotline__number'>{h.number}</Text>
            <Text className='hotline__name'>{h.name}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
