import { Image, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { CSSProperties } from 'react'
import type { PosterLayout } from '../../../types/contracts/posters'

/**
 * The poster as it prints, drawn from the layout the server drew the PDF from (texts already broken into
 * lines, boxes in points), with the station's own code image. The page is drawn at twice its size and
 * scaled down as a whole, so the small print keeps its place on screens that refuse tiny type.
 */

const px = (n: number) => `${(n * 2).toFixed(2)}px`
/** Screen width less the page's side margins (32 of 750 each side). */
const widthOnScreen = () => {
  const w = Taro.getSystemInfoSync().windowWidth
  return Math.round(w - (64 * w) / 750)
}

const FONT = '"Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif'

export function PosterPreview(props: { layout: PosterLayout; codeUrl: string; label: string }) {
  const { layout } = props
  const width = widthOnScreen()
  const scale = width / (layout.width * 2)
  const outer: CSSProperties = { position: 'relative', width: `${width}px`, height: `${Math.round(layout.height * 2 * scale)}px`, overflow: 'hidden' }
  const page: CSSProperties = {
    position: 'absolute',
    left: 0,
    top: 0,
    width: px(layout.width),
    height: px(layout.height),
    background: '#ffffff',
    transform: `scale(${scale})`,
    transformOrigin: '0 0',
    fontFamily: FONT,
  }
  return (
    <View className='poster-preview' style={outer} aria-label={props.label}>
      <View style={page}>
        {layout.items.map((item, i) => {
          if (item.type === 'rect')
            return (
              <View
                key={i}
                style={{ position: 'absolute', left: px(item.x), top: px(item.y), width: px(item.w), height: px(Math.max(item.h, 0.5)), background: item.fill, borderRadius: px(item.radius) }}
              />
            )
          if (item.type === 'code')
            return <Image key={i} className='poster-preview__code' src={props.codeUrl} mode='aspectFit' style={{ position: 'absolute', left: px(item.x), top: px(item.y), width: px(item.size), height: px(item.size) }} />
          return (
            <View
              key={i}
              className='poster-preview__text'
              style={{
                position: 'absolute',
                left: px(item.x),
                top: px(item.y),
                width: px(item.w),
                fontSize: px(item.size),
                lineHeight: px(item.size * item.lineHeight),
                fontWeight: item.weight === 'bold' ? 700 : 400,
                color: item.color,
                textAlign: item.align,
              }}
            >
              {item.lines.map((line, j) => (
                <View key={j} style={{ whiteSpace: 'pre', overflow: 'visible' }}>
                  {line}
                </View>
              ))}
            </View>
          )
        })}
      </View>
    </View>
  )
}
