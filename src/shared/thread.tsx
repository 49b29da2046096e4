import { Image, Text, View } from '@tarojs/components'
import { useState, type ReactNode } from 'react'
import type { ThreadMessage } from '../../types/contracts/case'
import type { addCaseInfo, noteCase, replyCase } from '../../types/contracts/case-actions'
import { textLimits } from '../client/limits'
import { Button, Field, Tabs, Tag } from '../ui'
import { attachBusy, attachedIds, attachFailed, MediaAttach, type AttachItem } from './media-attach'
import { PhotoViewer, useCaseMediaViews, useVeil } from './media-list'
import { useSendCaseAction } from './send-action'
import { VoicePlayer } from './voice-player'
import './thread.scss'

/**
 * The conversation of a case (ADR 0018), the same for the worker and the officer: each message with who
 * wrote it and when, its words, its photos as thumbnails that open large, its voice note with its length;
 * oldest first, newest at the bottom, where the composer is. The reader's own side is on the right.
 * Internal notes come from the server to officers only, and are marked.
 */
export function CaseThread(props: { caseId: string; as: 'worker' | 'officer'; messages: ThreadMessage[]; empty: string }) {
  const ids = props.messages.flatMap((m) => m.media.map((r) => r.id))
  const media = useCaseMediaViews(props.caseId, props.as, ids)
  const [viewing, setViewing] = useState<string>()
  const { hidden, reveal } = useVeil()
  const mine = props.as === 'worker' ? 'worker' : 'station'
  const veiled = (id: string) => {
    const view = media.state.items.find((i) => i.id === id)
    return view && hidden(view) ? view : undefined
  }
  // The big-picture viewer never pages into a photo still blurred.
  const allPhotos = props.messages.flatMap((m) => m.media.filter((r) => r.kind === 'photo' && !veiled(r.id)).map((r) => r.id))

  if (!props.messages.length) return <View className='thread-empty muted'>{props.empty}</View>

  return (
    <View className='thread'>
      {props.messages.map((m) => {
        const photos = m.media.filter((r) => r.kind === 'photo')
        const voices = m.media.filter((r) => r.kind === 'voice')
        const side = m.from === mine ? 'mine' : 'theirs'
        return (
          <View key={m.id} className={`thread-msg thread-msg--${side} thread-msg--${m.kind} ${m.internal ? 'thread-msg--internal' : ''}`}>
            <View className='thread-msg__head'>
              <Text className='thread-msg__who'>{m.who}</Text>
              <Text className='thread-msg__at'>{m.atLabel}</Text>
            </View>
            <View className='thread-msg__bubble'>
              {m.internal ? (
                <Tag type='warning' className='thread-msg__tag'>
                  内部备注 · 职工看不到
                </Tag>
              ) : null}
              {m.kind === 'result' ? (
                <Tag type='success' className='thread-msg__tag'>
                  办理结果
                </Tag>
              ) : null}
              {m.kind === 'reopen' ? (
                <Tag type='danger' className='thread-msg__tag'>
                  没有解决
                </Tag>
              ) : null}
              {m.contentNotice ? <Text className='thread-msg__content-notice'>{m.contentNotice}</Text> : null}
              {m.text ? <Text className='thread-msg__text'>{m.text}</Text> : null}
              {photos.length ? (
                <View className='thread-msg__photos'>
                  {photos.map((p) => {
                    const view = media.state.items.find((i) => i.id === p.id)
                    const veil = veiled(p.id)
                    if (veil) {
                      return (
                        <View key={p.id} className='thread-photo thread-photo--blurred' onClick={() => void reveal(veil)}>
                          <Image className='thread-photo__img media-tile__img--blurred' src={veil.thumbUrl ?? veil.url} mode='aspectFill' lazyLoad />
                          <View className='media-tile__veil'>
                            <Text className='media-tile__veil-open'>查看</Text>
                          </View>
                        </View>
                      )
                    }
                    return (
                      <View key={p.id} className='thread-photo' onClick={() => void media.openPhoto(p.id, allPhotos, setViewing)}>
                        {view ? <Image className='thread-photo__img' src={view.thumbUrl ?? view.url} mode='aspectFill' lazyLoad /> : <Text className='thread-photo__wait'>照片</Text>}
                      </View>
                    )
                  })}
                </View>
              ) : null}
              {voices.map((v) => {
                const veil = veiled(v.id)
                return veil ? (
                  <View key={v.id} className='thread-msg__voice media-voice case-voice--blurred'>
                    <Text className='media-voice__note'>这段录音{veil.note}</Text>
                    <Text className='media-voice__open' onClick={() => void reveal(veil)}>
                      查看
                    </Text>
                  </View>
                ) : (
                  <View key={v.id} className='thread-msg__voice'>
                    <VoicePlayer durationMs={v.durationMs ?? 0} urlFor={async () => (await media.fresh(v.id))?.url ?? null} />
                  </View>
                )
              })}
            </View>
          </View>
        )
      })}
      {media.state.status === 'error' && ids.length ? (
        <View className='thread-media-error' onClick={() => void media.load()}>
          照片和录音没能打开，点这里重试
        </View>
      ) : null}
      <PhotoViewer url={viewing} onClose={() => setViewing(undefined)} />
    </View>
  )
}

type MessageContract = typeof addCaseInfo | typeof replyCase | typeof noteCase

export interface ComposerMode {
  key: 'addInfo' | 'reply' | 'note'
  label: string
  contract: MessageContract
  /** Who will read it, under the box. */
  hint: string
  placeholder: string
  submit: string
  done: string
  /** Helpers above the box (the officer's 常用回复): `insert` puts words into it. */
  tools?: (insert: (words: string) => void) => ReactNode
}

/**
 * The box at the bottom of the conversation: words, photos and a voice note, any of them alone. Officers
 * switch between 回复职工 and 内部备注. Photos upload as soon as they are added (with their progress); 发送
 * waits for them. After CASE_CONFLICT the page reloads with the other side's change and the words stay.
 */
export function ThreadComposer(props: { modes: ComposerMode[]; target: { id: string; version: number }; reload: () => Promise<void> }) {
  const actions = useSendCaseAction(props.reload)
  // The first mode the server offers (回复职工 once the case is accepted) until the officer picks one: a box that
  // offered only 内部备注 before 受理 does not stay on it afterwards.
  const [picked, setModeKey] = useState<string>()
  const mode = props.modes.find((m) => m.key === picked) ?? props.modes[0]!
  const [text, setText] = useState('')
  const [items, setItems] = useState<AttachItem[]>([])
  const [attaching, setAttaching] = useState(false)
  const [error, setError] = useState<string>()
  const max = textLimits(mode.contract.input.shape.text).max
  const busy = attachBusy(items)

  function send() {
    if (busy) return setError('照片或录音还在上传，请稍等')
    if (attachFailed(items)) return setError('有照片或录音没传上去：点 重试，或删掉它再发送')
    return actions.send(
      mode.key,
      mode.contract,
      { ...props.target, text: text.trim(), media: attachedIds(items) },
      {
        done: mode.done,
        inline: true,
        setError,
        after: () => {
          setText('')
          setItems([])
          setAttaching(false)
        },
      },
    )
  }

  return (
    <View className={`thread-composer thread-composer--${mode.key}`}>
      {props.modes.length > 1 ? (
        <Tabs
          items={props.modes.map((m) => ({ key: m.key, label: m.label }))}
          active={mode.key}
          onChange={(k) => {
            setModeKey(k)
            setError(undefined)
          }}
        />
      ) : null}
      <View className={`thread-composer__hint thread-composer__hint--${mode.key}`}>{mode.hint}</View>
      {mode.tools ? mode.tools((words) => setText((m) => (m.trim() ? `${m.trimEnd()}\n${words}` : words))) : null}
      <Field type='textarea' value={text} onChange={setText} maxlength={max} showWordLimit placeholder={mode.placeholder} error={error} className='field-thread' />
      {attaching || items.length ? (
        <MediaAttach value={items} onChange={setItems} />
      ) : (
        <View className='thread-composer__attach add-media' onClick={() => setAttaching(true)}>
          ＋ 添加照片或语音
        </View>
      )}
      <View className='thread-composer__send'>
        <Button block type='primary' className={`thread-send thread-send-${mode.key}`} loading={actions.busy === mode.key} disabled={busy} onClick={() => void send()}>
          {busy ? '正在上传…' : mode.submit}
        </Button>
      </View>
    </View>
  )
}
