import { Image, Text, View } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import { getCaseMedia, getMyCaseMedia, type MediaView } from '../../types/contracts/media'
import { call } from '../client/cloud'
import { previewPhotos } from '../device/media'
import { confirm, ErrorState, Skeleton, toast } from '../ui'
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

/**
 * Short-lived URLs for media of a case, asked for when shown and again when they are about to run out:
 * without `ids` those filed with the case, with them those the page names (a message's photos and voice notes).
 */
export function useCaseMediaViews(caseId: string, as: 'worker' | 'officer', ids?: readonly string[]) {
  const [state, setState] = useState<{ status: 'loading' | 'ok' | 'error'; items: MediaView[]; expiresAt: number; message?: string }>({ status: 'loading', items: [], expiresAt: 0 })
  const latest = useRef(state)
  latest.current = state
  // The ids as one value, so a new array with the same ids asks nothing again.
  const key = ids ? ids.join(',') : ''
  const named = ids !== undefined

  const load = useCallback(async () => {
    // Named none (a conversation without photos): nothing to ask.
    if (named && !key) {
      const none = { status: 'ok' as const, items: [], expiresAt: Number.MAX_SAFE_INTEGER }
      setState(none)
      return none
    }
    const input = { id: caseId, ...(key ? { ids: key.split(',') } : {}) }
    const r = as === 'officer' ? await call(getCaseMedia, input) : await call(getMyCaseMedia, input)
    const next = r.ok ? { status: 'ok' as const, items: r.data.items, expiresAt: r.data.expiresAt } : { status: 'error' as const, items: [], expiresAt: 0, message: r.error.message }
    setState(next)
    return next
  }, [as, caseId, key, named])

  useEffect(() => {
    void load()
  }, [load])

  /** The item with URLs that still work, asking again when they are about to run out. */
  const fresh = async (id: string): Promise<MediaView | undefined> => {
    const s = latest.current.expiresAt - REFRESH_BEFORE_MS > Date.now() ? latest.current : await load()
    return s.items.find((i) => i.id === id)
  }

  /** Opens a photo large, among `among` (ids of the photos to swipe through). */
  const openPhoto = async (id: string, among: readonly string[], show: (url: string) => void) => {
    const item = await fresh(id)
    if (!item) return
    const urls = among.map((x) => latest.current.items.find((i) => i.id === x)?.url).filter((u): u is string => !!u)
    if (!(await previewPhotos(urls, item.url))) show(item.url)
  }

  return { state, load, fresh, openPhoto }
}

/**
 * Files content security judged risky (officers only, ADR 0019), on the case's list and in its messages
 * (ADR 0032): hidden under a veil until the officer chooses to open them, after a question.
 */
export function useVeil() {
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set())
  const hidden = (i: Pick<MediaView, 'id' | 'blurred'>) => !!i.blurred && !opened.has(i.id)

  /** A blurred file opens only when the officer says so. */
  async function reveal(item: Pick<MediaView, 'id' | 'kind' | 'note'>) {
    const what = item.kind === 'voice' ? '这段录音' : '这张照片'
    const ok = await confirm({
      title: `查看${what}？`,
      content: `微信内容安全检测提示${what}${item.note ?? '疑似含有敏感内容'}（仅供参考）。确定要查看吗？`,
      confirmText: '查看',
    })
    if (ok) setOpened((s) => new Set([...s, item.id]))
  }
  return { hidden, reveal }
}

function CaseMediaList(props: { caseId: string; as: 'worker' | 'officer'; title?: string }) {
  const { state, load, fresh, openPhoto } = useCaseMediaViews(props.caseId, props.as)
  const [viewing, setViewing] = useState<string>()
  const { hidden, reveal } = useVeil()

  if (state.status === 'loading') return <Skeleton rows={1} />
  if (state.status === 'error') return <ErrorState message={state.message ?? '照片和录音没能打开'} onRetry={() => void load()} />
  if (!state.items.length) return null

  const photos = state.items.filter((i) => i.kind === 'photo')
  const voices = state.items.filter((i) => i.kind === 'voice')

  // The big-picture viewer pages through the photos: never into one still blurred.
  const open = (id: string) => openPhoto(id, photos.filter((p) => !hidden(p)).map((p) => p.id), setViewing)

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
      <PhotoViewer url={viewing} onClose={() => setViewing(undefined)} />
    </View>
  )
}

/** A picture shown large over the page where the mini-program's own viewer is not there (H5); a tap closes it. */
export function PhotoViewer(props: { url?: string; onClose: () => void }) {
  if (!props.url) return null
  return (
    <View className='photo-viewer' onClick={props.onClose}>
      <Image className='photo-viewer__img' src={props.url} mode='aspectFit' />
      <Text className='photo-viewer__close'>点任意处关闭</Text>
    </View>
  )
}

/**
 * Photos of a record that is not a case (a ledger activity) as small thumbnails; a tap opens the picture large
 * among them (the mini-program's viewer, with zoom; the page's own in H5). The record's list handed out the
 * URLs: a tap after they ran out asks `refresh` for fresh ones first.
 */
export function PhotoTiles(props: {
  items: MediaView[]
  expiresAt: number
  refresh: () => Promise<{ items: MediaView[]; expiresAt: number } | null>
  className?: string
}) {
  const [fresher, setFresher] = useState<{ items: MediaView[]; expiresAt: number }>()
  const [viewing, setViewing] = useState<string>()
  const shown = fresher && fresher.expiresAt > props.expiresAt ? fresher : { items: props.items, expiresAt: props.expiresAt }
  if (!shown.items.length) return null

  async function open(id: string) {
    let s = shown
    if (s.expiresAt - REFRESH_BEFORE_MS <= Date.now()) {
      const r = await props.refresh()
      if (!r) return toast('照片没能打开，请下拉刷新后再试')
      setFresher(r)
      s = r
    }
    const item = s.items.find((i) => i.id === id)
    if (!item) return toast('这张照片已经删除了')
    if (!(await previewPhotos(s.items.map((i) => i.url), item.url))) setViewing(item.url)
  }

  return (
    <View className={`photo-tiles ${props.className ?? ''}`}>
      <View className='media-grid media-grid--compact'>
        {shown.items.map((p, n) => (
          <View key={p.id} className='media-tile photo-tile' onClick={() => void open(p.id)}>
            <Image className='media-tile__img' src={p.thumbUrl ?? p.url} mode='aspectFill' lazyLoad />
            {shown.items.length > 1 ? <Text className='media-tile__n'>{n + 1}</Text> : null}
          </View>
        ))}
      </View>
      <PhotoViewer url={viewing} onClose={() => setViewing(undefined)} />
    </View>
  )
}
