import { Navigator, Text, View } from '@tarojs/components'
import { noticeLink, type NoticeBlock, type NoticeSpan } from '../../types/contracts/policy-notices'
import { isTabRoute } from '../device/nav'
import { copyText } from '../ui'
import './notices.scss'

/**
 * A notice body as the server parsed it (the safe subset): headings, paragraphs and lists of plain spans,
 * drawn with View, Text and Navigator. Nothing here turns a string into markup: whatever a body says is
 * shown as words. A link opens only if it passes the allow-list again; a web address is copied (a
 * mini-program cannot open other sites).
 */
function Span(props: { span: NoticeSpan }) {
  const s = props.span
  const cls = s.bold ? 'notice-span notice-span--bold' : 'notice-span'
  if (s.t === 'page' && noticeLink(s.path)?.to === 'page') {
    return (
      <Navigator url={s.path} openType={isTabRoute(s.path) ? 'switchTab' : 'navigate'} className='notice-link notice-link--page' hoverClass='notice-link--hover'>
        <Text className={cls}>{s.text}</Text>
      </Navigator>
    )
  }
  if (s.t === 'web' && noticeLink(s.url)?.to === 'web') {
    return (
      <Text className={`${cls} notice-link notice-link--web`} onClick={() => copyText(s.url, '网址已复制，可以粘贴到浏览器打开', '没有复制成功，请记下网址后在浏览器打开')}>
        {s.text}
      </Text>
    )
  }
  return <Text className={cls}>{s.text}</Text>
}

function Spans(props: { spans: NoticeSpan[] }) {
  return (
    <>
      {props.spans.map((s, i) => (
        <Span key={i} span={s} />
      ))}
    </>
  )
}

export function NoticeBody(props: { blocks: NoticeBlock[] }) {
  return (
    <View className='notice-body'>
      {props.blocks.map((b, i) => {
        if (b.t === 'heading')
          return (
            <View key={i} className={`notice-h notice-h${b.level}`}>
              <Spans spans={b.spans} />
            </View>
          )
        if (b.t === 'paragraph')
          return (
            <View key={i} className='notice-p'>
              <Spans spans={b.spans} />
            </View>
          )
        return (
          <View key={i} className={`notice-list ${b.ordered ? 'notice-list--ol' : 'notice-list--ul'}`}>
            {b.items.map((item, j) => (
              <View key={j} className='notice-li'>
                <Text className='notice-li__mark'>{b.ordered ? `${j + 1}.` : '•'}</Text>
                <View className='notice-li__text'>
                  <Spans spans={item} />
                </View>
              </View>
            ))}
          </View>
        )
      })}
    </View>
  )
}
