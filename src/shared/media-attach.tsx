import { Image, Text, View } from '@tarojs/components'
import { useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react'
import { MEDIA_LIMITS, MEDIA_WORDS, type MediaKind, type MediaRef } from '../../types/contracts/media'
import { uploadFile, type UploadFields, type UploadVia } from '../client/upload'
import { createRecorder, pickPhotos, releasePreview, type Recorder } from '../device/media'
import { Button, confirm } from '../ui'
import { PrivacyConsent } from './privacy-consent'
import { clockWords, VoicePlayer } from './voice-player'
import './media.scss'

/**
 * Photos (up to 9) and a voice note (up to 60 s) for a form: each uploads as soon as it is added, with its
 * progress on its tile; a refusal says what to do and leaves nothing on the form. The page keeps the list
 * (`useState<AttachItem[]>([])`) and sends `attachedIds(items)`; `attachBusy(items)` while one is on its way.
 * A form of another record says which upload it goes through (`via`, `fields`) and may take photos only.
 */

export interface AttachItem {
  key: string
  kind: MediaKind
  /** Local address of the photo or recording. */
  preview: string
  state: 'uploading' | 'done' | 'failed'
  /** 0–1 while uploading. */
  progress: number
  media?: MediaRef
  durationMs?: number
  /** Kept for 重试 after a lost connection. */
  bytes?: Uint8Array
  thumb?: Uint8Array
}

export const attachedIds = (items: readonly AttachItem[]): string[] => items.filter((i) => i.state === 'done' && i.media).map((i) => i.media!.id)
export const attachBusy = (items: readonly AttachItem[]): boolean => items.some((i) => i.state === 'uploading')
export const attachFailed = (items: readonly AttachItem[]): boolean => items.some((i) => i.state === 'failed')

let seq = 0
const keyOf = () => `m${Date.now().toString(36)}${++seq}`

export function MediaAttach(props: {
  value: AttachItem[]
  onChange: Dispatch<SetStateAction<AttachItem[]>>
  /** A line under the title, e.g. for 匿名: what the photos themselves may show. */
  note?: string
  /** The upload operation and the fields it names (a case's by default; an activity's names its station). */
  via?: UploadVia
  fields?: UploadFields
  /** False: photos only (no recorder). */
  voice?: boolean
  /** What the question before taking one off says (by default: it will not reach the station). */
  removeWords?: string
}) {
  const { value, onChange } = props
  const [error, setError] = useState<string>()
  const photos = value.filter((i) => i.kind === 'photo')
  const voices = value.filter((i) => i.kind === 'voice')

  const patch = (key: string, p: Partial<AttachItem>) => onChange((list) => list.map((i) => (i.key === key ? { ...i, ...p } : i)))

  async function send(item: AttachItem) {
    patch(item.key, { state: 'uploading', progress: 0 })
    const r = await uploadFile(item.kind, item.bytes!, item.thumb, (f) => patch(item.key, { progress: f }), props.via, props.fields)
    if (r.ok) {
      patch(item.key, { state: 'done', progress: 1, media: r.data, bytes: undefined, thumb: undefined, ...(r.data.durationMs !== undefined ? { durationMs: r.data.durationMs } : {}) })
      return
    }
    if (r.error.code === 'NETWORK_FAILED') {
      // Kept on the form with 重试: the person chose it and need not choose it again.
      patch(item.key, { state: 'failed' })
      setError('网络不好，没传上去的可以点 重试')
      return
    }
    onChange((list) => list.filter((i) => i.key !== item.key))
    releasePreview(item.preview)
    setError(r.error.message)
  }

  function add(kind: MediaKind, preview: string, bytes: Uint8Array, extra: Partial<AttachItem> = {}) {
    const item: AttachItem = { key: keyOf(), kind, preview, state: 'uploading', progress: 0, bytes, ...extra }
    onChange((list) => [...list, item])
    void send(item)
  }

  async function choosePhotos() {
    setError(undefined)
    const room = MEDIA_LIMITS.photos - photos.length
    if (room <= 0) return setError(MEDIA_WORDS.tooManyPhotos)
    const picked = await pickPhotos(room)
    for (const p of picked) {
      if (p.size > MEDIA_LIMITS.fileBytes) {
        releasePreview(p.preview)
        setError(MEDIA_WORDS.photoTooLarge)
        continue
      }
      add('photo', p.preview, p.bytes, p.thumb ? { thumb: p.thumb } : {})
    }
  }

  async function remove(item: AttachItem) {
    const ok = await confirm({ title: item.kind === 'photo' ? '删除这张照片？' : '删除这段录音？', content: props.removeWords ?? '删除后不会提交给驿站。', confirmText: '删除', cancelText: '不删' })
    if (!ok) return
    onChange((list) => list.filter((i) => i.key !== item.key))
    releasePreview(item.preview)
  }

  return (
    <View className='media-attach'>
      {props.note ? <View className='media-attach__note'>{props.note}</View> : null}
      <View className='media-grid'>
        {photos.map((p) => (
          <View key={p.key} className={`media-tile media-tile--${p.state}`}>
            <Image className='media-tile__img' src={p.preview} mode='aspectFill' />
            {p.state === 'uploading' ? (
              <View className='media-tile__progress'>
                <View className='media-tile__bar' style={{ width: `${Math.round(p.progress * 100)}%` }} />
                <Text className='media-tile__pct'>上传 {Math.round(p.progress * 100)}%</Text>
              </View>
            ) : null}
            {p.state === 'failed' ? (
              <View className='media-tile__retry' onClick={() => void send(p)}>
                重试
              </View>
            ) : null}
            <View className='media-tile__remove' onClick={() => void remove(p)}>
              ×
            </View>
          </View>
        ))}
        {photos.length < MEDIA_LIMITS.photos ? (
          <View className='media-tile media-tile--add add-photo' onClick={() => void choosePhotos()}>
            <Text className='media-tile__plus'>＋</Text>
            <Text className='media-tile__add-text'>添加照片</Text>
            <Text className='media-tile__count'>
              {photos.length}/{MEDIA_LIMITS.photos}
            </Text>
          </View>
        ) : null}
      </View>

      {voices.map((v) => (
        <View key={v.key} className='media-voice'>
          <VoicePlayer className='media-voice__play' durationMs={v.durationMs ?? 0} urlFor={async () => v.preview} />
          {v.state === 'uploading' ? <Text className='media-voice__state'>上传 {Math.round(v.progress * 100)}%</Text> : null}
          {v.state === 'done' ? <Text className='media-voice__state media-voice__state--done'>已上传</Text> : null}
          {v.state === 'failed' ? (
            <Text className='media-voice__retry' onClick={() => void send(v)}>
              重试
            </Text>
          ) : null}
          <Text className='media-voice__remove' onClick={() => void remove(v)}>
            删除
          </Text>
        </View>
      ))}
      {props.voice !== false && voices.length < MEDIA_LIMITS.voices ? <VoiceRecorder onRecorded={(preview, bytes, durationMs) => add('voice', preview, bytes, { durationMs })} onError={setError} /> : null}

      {error ? <View className='media-attach__error text-danger'>{error}</View> : null}
      <PrivacyConsent />
    </View>
  )
}

/** 按下开始录音, then the running time against the minute and 停止; it stops by itself at 60 s. */
export function VoiceRecorder(props: { onRecorded: (preview: string, bytes: Uint8Array, durationMs: number) => void; onError: (message: string) => void }) {
  const recorder = useRef<Recorder>()
  const [startedAt, setStartedAt] = useState<number | null>(null)
  const [now, setNow] = useState(0)

  useEffect(() => {
    if (startedAt === null) return
    const t = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(t)
  }, [startedAt])

  const done = (v: { preview: string; bytes: Uint8Array; durationMs: number } | null) => {
    setStartedAt(null)
    if (!v || v.durationMs < 1000) return props.onError(MEDIA_WORDS.voiceEmpty)
    if (v.bytes.length > MEDIA_LIMITS.fileBytes) return props.onError(MEDIA_WORDS.voiceTooLarge)
    props.onRecorded(v.preview, v.bytes, Math.min(v.durationMs, MEDIA_LIMITS.voiceMs))
  }

  async function start() {
    if (!recorder.current) {
      recorder.current = createRecorder(MEDIA_LIMITS.voiceMs)
      recorder.current.onAutoStop(done)
    }
    const ok = await recorder.current.start()
    if (!ok) return props.onError('没能打开麦克风：请在设置里允许使用麦克风后再试')
    setNow(Date.now())
    setStartedAt(Date.now())
  }

  async function stop() {
    done((await recorder.current?.stop()) ?? null)
  }

  if (startedAt !== null) {
    const ms = Math.min(Math.max(0, now - startedAt), MEDIA_LIMITS.voiceMs)
    return (
      <View className='voice-recorder voice-recorder--on'>
        <View className='voice-recorder__dot' />
        <Text className='voice-recorder__time'>
          正在录音 {clockWords(ms)} / {clockWords(MEDIA_LIMITS.voiceMs)}
        </Text>
        <Button type='danger' size='small' className='voice-stop' onClick={() => void stop()}>
          停止
        </Button>
      </View>
    )
  }
  return (
    <View className='voice-recorder'>
      <Button type='default' className='voice-start' onClick={() => void start()}>
        录一段语音（最长 60 秒）
      </Button>
    </View>
  )
}
