import { View } from '@tarojs/components'
import { getRetentionWords } from '../../../types/contracts/data-protection'
import { useQuery } from '../../client/query'
import { go, ROUTES } from '../../device/nav'
import { Screen } from '../../shared/screen'
import './index.scss'

/** Said until the period in force arrives (the city admin sets it; 3 years unless changed). */
const RETENTION_LINE = '已结束的诉求（已结案、已撤回或已转外部机构）按市级驿站规定的期限保存（默认结案后 3 年），到期后删除姓名、电话、微信关联、照片和录音，只留下不含身份的办理记录和统计数字。'

/** What 菏谐驿站 keeps about a person, why, who sees it and for how long: in plain words, one card a topic. */
const SECTIONS: Array<{ title: string; lines: string[] }> = [
  {
    title: '我们收集什么',
    lines: [
      '你反映的情况：类别、经过、金额、人数，以及你选择的反映方式（公开给驿站、对单位保密或匿名）。',
      '不是匿名时，你留下的姓名和电话。匿名反映不保存姓名、电话，也不保存你的微信身份，只保存一个无法还原的编号，用来在“我的诉求”里找到它。',
      '你自己添加的照片和录音。照片上传前会去掉拍摄地点（GPS）、相机型号、拍摄时间等附带信息；录音最长 60 秒。',
    ],
  },
  {
    title: '为什么用',
    lines: ['只为办理你反映的这件事：驿站受理、联系你、和单位沟通、告诉你进度。不用于别的用途，不卖给任何人。'],
  },
  {
    title: '谁能看到',
    lines: [
      '办理这条诉求的驿站和它的上级驿站工作人员。选择“对单位保密”或“匿名”时，企业方的工作人员看不到这条诉求，也看不到照片和录音。',
      '你的姓名和电话只给按你的选择可以看的工作人员，每一次查看都会被记录下来，管理员可以检查。',
      '照片和录音只通过 10 分钟内有效的链接打开，过期就打不开了。',
    ],
  },
  {
    title: '保存多久',
    lines: [
      RETENTION_LINE,
      '办理中的诉求和它的照片、录音随诉求一起保存，供办理和复查。添加了但没有提交的照片和录音，一天后自动删除。',
    ],
  },
  {
    title: '查看、导出和删除',
    lines: [
      '在“我的 → 我的数据”里，可以看到驿站保存的关于你的全部信息，导出一份 Excel，或马上删除已结束诉求里的姓名、电话、微信关联和照片录音。',
      '办理中的诉求需要你的联系方式，删除后驿站无法联系你，所以不能删除；可以先撤回，撤回后再删除。',
    ],
  },
  {
    title: '相机、相册和麦克风',
    lines: ['只有你点“添加照片”或“录一段语音”时才会使用，用前会先征得你的同意；你也可以在微信的设置里随时关闭。'],
  },
  {
    title: '有问题找谁',
    lines: ['可以到任何一个驿站当面问，或拨打 12333 人社服务热线。'],
  },
]

export default function PrivacyPolicy() {
  const retention = useQuery(getRetentionWords, {})
  return (
    <Screen className='privacy-page'>
      <View className='privacy-page__lead'>菏谐驿站是菏泽市劳动关系服务驿站网络的小程序。我们只收集办理你的诉求需要的信息，并尽量少收集。</View>
      {SECTIONS.map((s) => (
        <View key={s.title} className='card'>
          <View className='privacy-page__h'>{s.title}</View>
          {s.lines.map((l) => (
            <View key={l} className={`privacy-page__p ${l === RETENTION_LINE ? 'privacy-retention' : ''}`}>
              {l === RETENTION_LINE ? (retention.data?.sentence ?? l) : l}
            </View>
          ))}
          {s.title === '查看、导出和删除' ? (
            <View className='privacy-page__link go-my-data' onClick={() => go(ROUTES.myData)}>
              打开“我的数据”
            </View>
          ) : null}
        </View>
      ))}
    </Screen>
  )
}
