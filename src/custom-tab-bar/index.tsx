import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { ELDER_EVENT, getElderMode } from '../device/prefs'
import { TABS, tabIndexOf } from '../device/tabs'
import { watchFeedback } from '../ui/feedback'
import './index.scss'

/**
 * The mini-program's tab bar (app.config `tabBar.custom`, weapp only; ADR 0036). WeChat gives every tab page
 * its own copy: each lights the tab of the page on screen, follows the 长辈模式 switch at once and re-reads it
 * whenever a page shows, and takes no touch while a dialog is open on the page (the dialog blocks it too).
 */
export default function CustomTabBar() {
  const [elder, setElder] = useState(getElderMode)
  const [selected, setSelected] = useState(-1)
  const [blocked, setBlocked] = useState(false)
  useEffect(() => {
    const onElder = (on: boolean) => setElder(on)
    Taro.eventCenter.on(ELDER_EVENT, onElder)
    const stop = watchFeedback((s) => {
      const i = tabIndexOf(s.path)
      // Only a tab page changes the light: a hidden copy keeps its own until its page shows again.
      if (i >= 0) setSelected(i)
      setBlocked(s.blocked)
      setElder(getElderMode())
    })
    return () => {
      Taro.eventCenter.off(ELDER_EVENT, onElder)
      stop()
    }
  }, [])
  const open = (i: number) => {
    if (blocked || i === selected) return
    setSelected(i)
    void Taro.switchTab({ url: `/${TABS[i]!.pagePath}` })
  }
  return (
    <View className={`hx-tabbar ${elder ? 'hx-tabbar--elder' : ''}`} ariaRole='tablist'>
      {TABS.map((t, i) => (
        <View
          key={t.pagePath}
          className={`hx-tabbar__item ${i === selected ? 'hx-tabbar__item--on' : ''}`}
          ariaRole='tab'
          ariaLabel={i === selected ? `${t.text}，当前页` : t.text}
          onClick={() => open(i)}
        >
          <Image className='hx-tabbar__icon' src={`/${i === selected ? t.selectedIconPath : t.iconPath}`} mode='aspectFit' />
          <Text className='hx-tabbar__label'>{t.text}</Text>
        </View>
      ))}
      {blocked ? <View className='hx-tabbar__mask' catchMove onClick={(e) => e.stopPropagation()} /> : null}
    </View>
  )
}
