import { Text, View } from '@tarojs/components'
import { useShareAppMessage } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { getStation } from '../../../types/contracts/station'
import { ERRORS } from '../../../types/errors'
import { useQuery } from '../../client/query'
import { go, ROUTES, callPhone, usePageParams } from '../../device/nav'
import { usePullToReload, useShownAgain } from '../../device/page-hooks'
import { getLastStation, setLastStation } from '../../device/prefs'
import { Button, ErrorState, Skeleton, Tag } from '../../ui'
import { Screen } from '../../shared/screen'
import { HotlineStrip } from '../../shared/hotlines'
import { needsDemoTag } from '../../shared/demo-tag'
import { NameWords } from '../../shared/name-words'
import { StarLine } from '../../shared/rating-bits'
import './index.scss'

/** Station home: where a QR poster lands (scene = station code), or the last station this phone used. */
export default function StationHome() {
  const params = usePageParams()
  // A QR scene wins, then a station picked on the choose page (?code=), then the remembered one;
  // without any we show a welcome.
  const [{ code, channel }] = useState(() => {
    const scene = (params.scene ?? '').trim().toUpperCase()
    if (scene) return { code: scene, channel: 'qr' as const }
    const picked = (params.code ?? '').trim().toUpperCase()
    return { code: picked || getLastStation()?.code, channel: 'chosen' as const }
  })
  const station = useQuery(getStation, code ? { code } : null)
  const [showContact, setShowContact] = useState(false)

  useEffect(() => {
    const s = station.data
    if (s && s.status === 'active') setLastStation({ code: s.code, id: s.id, name: s.name, kind: s.kind })
  }, [station.data])

  usePullToReload(station.reload)
  // Back from the survey (or any page): the entries follow what is open now.
  useShownAgain(() => void station.reload())

  useShareAppMessage(() => ({
    title: station.data ? `${station.data.name} · 菏谐驿站` : '菏谐驿站',
    path: code ? `${ROUTES.home}?scene=${encodeURIComponent(code)}` : ROUTES.home,
  }))

  const chooseStation = () => go(ROUTES.choose)

  if (!code) {
    return (
      <Screen className='home'>
        <View className='home-welcome'>
          <View className='home-welcome__title'>欢迎来到菏谐驿站</View>
          <View className='home-welcome__text'>
            工资、合同、社保、工伤……劳动方面遇到难处，可以在这里向身边的驿站反映。免费，可以对单位保密。
          </View>
          <Button type='primary' size='large' className='choose-station' onClick={chooseStation}>
            选择驿站
          </Button>
          <View className='home-welcome__hint'>扫驿站海报上的二维码，也会直接来到这里</View>
        </View>
        <HotlineStrip />
      </Screen>
    )
  }

  if (station.status === 'loading' && !station.data) {
    return (
      <Screen className='home'>
        <Skeleton rows={2} />
      </Screen>
    )
  }

  if (station.status === 'error' && !station.data) {
    const err = station.error
    const stationProblem = err?.code === 'STATION_NOT_FOUND' || err?.code === 'STATION_SUSPENDED' || err?.code === 'REQUEST_INVALID'
    return (
      <Screen className='home'>
        {stationProblem ? (
          <View className='home-problem'>
            <View className='home-problem__text'>{err?.message}</View>
            <Button type='primary' size='large' className='choose-station' onClick={chooseStation}>
              选择其他驿站
            </Button>
          </View>
        ) : (
          <>
            <ErrorState message={err?.message ?? ERRORS.INTERNAL} onRetry={() => void station.reload()} />
            <View className='home-switch' onClick={chooseStation}>
              换一个驿站
            </View>
          </>
        )}
        <HotlineStrip />
      </Screen>
    )
  }

  const s = station.data
  if (!s) return <Screen className='home'>{null}</Screen>

  if (s.status === 'suspended') {
    return (
      <Screen className='home'>
        <View className='home-problem'>
          <View className='home-problem__name'>{s.name}</View>
          <View className='home-problem__text'>{ERRORS.STATION_SUSPENDED}</View>
          <Button type='primary' size='large' className='choose-station' onClick={chooseStation}>
            选择其他驿站
          </Button>
        </View>
        <HotlineStrip hotlines={s.hotlines} />
      </Screen>
    )
  }

  return (
    <Screen className='home'>
      <View className='home-head'>
        <View className='home-head__you'>你正在</View>
        <View className='home-head__name station-name'>
          <NameWords name={s.name} />
        </View>
        <View className='home-head__tags'>
          <Tag type='success'>{s.kindLabel}</Tag>
          {needsDemoTag(s) ? (
            <Tag type='warning' className='demo-tag'>
              示例
            </Tag>
          ) : null}
        </View>
        {s.path.length ? <View className='home-head__path'>{s.path.join(' · ')}</View> : null}
        {s.rating ? (
          <View className='home-head__rating home-rating'>
            <StarLine stars={s.rating.stars} label={`${s.rating.stars} 星`} small />
            <View className='home-rating__line'>{s.rating.line}</View>
          </View>
        ) : null}
      </View>

      <View className='home-entries'>
        <View
          className='home-entry home-entry--primary entry-case'
          onClick={() => go(ROUTES.caseNew, { stationId: s.id, code: s.code, kind: s.kind, channel })}
        >
          <View className='home-entry__title'>反映诉求</View>
          <View className='home-entry__desc'>工资、合同、社保、工伤……说说遇到的难处，驿站帮你办</View>
        </View>

        {s.survey ? (
          <View className='home-entry entry-survey' onClick={() => go(ROUTES.survey, { campaignId: s.survey!.campaignId })}>
            <View className='home-entry__title'>满意度测评</View>
            <View className='home-entry__desc'>
              {s.survey.answered ? `你已经参加过了，谢谢 · ${s.survey.endsLabel}` : `说说你对单位的满意程度，不记名，约 2 分钟 · ${s.survey.endsLabel}`}
            </View>
          </View>
        ) : null}

        <View className='home-entry entry-notices' onClick={() => go(ROUTES.notices)}>
          <View className='home-entry__title'>看政策</View>
          <View className='home-entry__desc'>本驿站和上级发布的劳动政策、办事指南</View>
        </View>

        <View className='home-entry entry-contact' onClick={() => setShowContact((v) => !v)}>
          <View className='home-entry__title'>联系驿站</View>
          <View className='home-entry__desc'>地址、电话和开放时间</View>
        </View>
        {showContact ? (
          <View className='home-contact'>
            <View className='home-contact__row'>
              <Text className='home-contact__label'>地址</Text>
              <Text className='home-contact__value'>{s.address || '暂未登记'}</Text>
            </View>
            <View className='home-contact__row' onClick={() => s.phone && callPhone(s.phone)}>
              <Text className='home-contact__label'>电话</Text>
              <Text className='home-contact__value home-contact__phone'>{s.phone || '暂未登记'}</Text>
              {s.phone ? <Text className='home-contact__call'>拨打</Text> : null}
            </View>
            <View className='home-contact__row'>
              <Text className='home-contact__label'>时间</Text>
              <Text className='home-contact__value'>{s.hours || '工作日办公时间'}</Text>
            </View>
          </View>
        ) : null}
      </View>

      <HotlineStrip hotlines={s.hotlines} />

      <View className='home-switch' onClick={chooseStation}>
        换一个驿站
      </View>
    </Screen>
  )
}
