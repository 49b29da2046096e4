import { Image, Text, View } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import { getCaseMedia, getMyCaseMedia, type MediaView } from '../../types/contracts/media'
import { call } from '../client/cloud'
import { previewPhotos } from '../device/media'
import { confirm, ErrorState, Skeleton } from '../ui'
import { VoicePlayer } from './voice-player'
import './media.scss'

/** A handed-out URL is asked for again this long before it stops working. */
const REFRESH_BEFORE_MS = 30_000

/**
 * The photos and voice notes of a case, for the worker (`as="worker"`, their own case) or an officer: the
 * server hands out short-lived URLs after the case's own access check, so they are asked for when the page
 * shows them, and again at a tap once they are about to run out. `count` comes with the case detail: a
 * case with none asks nothing.
 */
export function CaseMedia(props: { caseId: string; as: 'worker' | 'officer'; count: number; title?: string }) {
  // Most cases have none: then nothing is asked and nothing shown.
  if (!(props.count > 0)) return null
  return <CaseMediaList {...props} />
}

function CaseMediaList(props: { caseId: string; as: 'worker' | 'officer'; title?: string }) {
  const [state, setState] = useState<{ status: 'loading' | 'ok' | 'error'; items: MediaView[]; expiresAt: number; message?: string }>({ status: 'loading', items: [], expiresAt: 0 })
  const [viewing, setViewing] = useState<string>()
  /** Files content security judged risky (officers only, ADR 0019) that this officer chose to open. */
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set())
  const latest = useRef(state)
  latest.current = state

  const load = useCallback(async () => {
    const r = props.as === 'officer' ? await call(getCaseMedia, { id: props.caseId }) : await call(getMyCaseMedia, { id: props.caseId })
    const next = r.ok ? { status: 'ok' as const, items: r.data.items, expiresAt: r.data.expiresAt } : { status: 'error' as const, items: [], expiresAt: 0, message: r.error.message }
    setState(next)
    return next
  }, [props.as, props.caseId])

  useEffect(() => {
    void load()
  }, [load])

  /** The item with URLs that still work, asking again when they are about to run out. */
  const fresh = async (id: string): Promise<MediaView | undefined> => {
    const s = latest.current.expiresAt - REFRESH_BEFORE_MS > Date.now() ? latest.current : await load()
    return s.items.find((i) => i.id === id)
  }

  if (state.status === 'loading') return <Skeleton rows={1} />
  if (state.status === 'error') return <ErrorState message={state.message ?? '照片和录音没能打开'} onRetry={() => void load()} />
  if (!state.items.length) return null

  const photos = state.items.filter((i) => i.kind === 'photo')
  const voices = state.items.filter((i) => i.kind === 'voice')
  const hidden = (i: MediaView) => !!i.blurred && !opened.has(i.id)

  async function open(id: string) {
    const item = await fresh(id)
    if (!item) return
    // The big-picture viewer pages through the photos: never into one still blurred.
    const urls = latest.current.items.filter((i) => i.kind === 'photo' && !hidden(i)).map((i) => i.url)
    if (!(await previewPhotos(urls, item.url))) setViewing(item.url)
  }

  /** A blurred file opens only when the officer says so. */
  async function reveal(item: MediaView) {
    const what = item.kind === 'voice' ? '这段录音' : '这张照片'
    const ok = await confirm({
      title: `查看${what}？`,
      content: `微信内容安全检测提示${what}${item.note ?? '疑似含有敏感内容'}（仅供参考）。确定要查看吗？`,
      confirmText: '查看',
    })
    if (ok) setOpened((s) => new Set([...s, item.id]))
  }

  return (
    <View className='case-media'>
      {props.title ? <View className='section-title'>{props.title}</View> : null}
      <View className='card'>
        {photos.length ? (
          <View className='media-grid'>
            {photos.map((p, n) =>
              hidden(p) ? (
                <View key={p.id} className='media-tile case-photo case-photo--blurred' onClick={() => void reveal(p)}>
                  <Image className='media-tile__img media-tile__img--blurred' src={p.thumbUrl ?? p.url} mode='aspectFill' lazyLoad />
                  <View className='media-tile__veil'>
                    <Text className='media-tile__veil-note'>{p.note}</Text>
                    <Text className='media-tile__veil-open'>查看</Text>
                  </View>
                </View>
              ) : (
                <View key={p.id} className='media-tile case-photo' onClick={() => void open(p.id)}>
                  <Image className='media-tile__img' src={p.thumbUrl ?? p.url} mode='aspectFill' lazyLoad />
                  <Text className='media-tile__n'>{n + 1}</Text>
                  {p.note ? <Text className='media-tile__flag'>{p.note}</Text> : null}
                </View>
              ),
            )}
          </View>
        ) : null}
        {voices.map((v) =>
          hidden(v) ? (
            <View key={v.id} className='media-voice case-voice case-voice--blurred'>
              <Text className='media-voice__note'>这段录音{v.note}</Text>
              <Text className='media-voice__open' onClick={() => void reveal(v)}>
                查看
              </Text>
            </View>
          ) : (
            <View key={v.id} className='media-voice case-voice'>
              <VoicePlayer durationMs={v.durationMs ?? 0} urlFor={async () => (await fresh(v.id))?.url ?? null} />
              {v.note ? <Text className='media-voice__note'>{v.note}</Text> : null}
            </View>
          ),
        )}
        <View className='case-media__hint'>{photos.length ? `${photos.length} 张照片，点开看大图` : ''}{photos.length && voices.length ? '；' : ''}{voices.length ? `${voices.length} 段录音` : ''}</View>
      </View>
      {viewing ? (
        <View className='photo-viewer' onClick={() => setViewing(undefined)}>
          <Image className='photo-viewer__img' src={viewing} mode='aspectFit' />
          <Text className='photo-viewer__close'>点任意处关闭</Text>
        </View>
      ) : null}
    </View>
  )
}
