import { Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { createPlayer, type Player } from '../device/media'
import { toast } from '../ui'
import './media.scss'

/** 0:07, 1:00: how long a voice note is, as a recorder shows it. */
export const clockWords = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/**
 * One voice note: a big button that plays it (and stops it), with its length and, while playing, how far
 * it has got. `urlFor` gives the address to play, asked at the tap (a handed-out URL may have expired).
 */
export function VoicePlayer(props: { durationMs: number; urlFor: () => Promise<string | null>; className?: string }) {
  const [playing, setPlaying] = useState(false)
  const [at, setAt] = useState(0)
  const player = useRef<Player>()

  useEffect(
    () => () => {
      player.current?.destroy()
    },
    [],
  )

  async function toggle() {
    if (playing) {
      player.current?.stop()
      setPlaying(false)
      return
    }
    const url = await props.urlFor()
    if (!url) return
    if (!player.current)
      player.current = createPlayer({
        time: setAt,
        ended: () => {
          setPlaying(false)
          setAt(0)
        },
        error: () => {
          setPlaying(false)
          toast('录音播放不了，请刷新页面后再试')
        },
      })
    setAt(0)
    setPlaying(true)
    player.current.play(url)
  }

  return (
    <View className={`voice-player ${playing ? 'voice-player--playing' : ''} ${props.className ?? ''}`} onClick={() => void toggle()}>
      <Text className='voice-player__icon'>{playing ? '■' : '▶'}</Text>
      <Text className='voice-player__label'>{playing ? '正在播放' : '播放录音'}</Text>
      <Text className='voice-player__time'>{playing ? `${clockWords(at)} / ${clockWords(props.durationMs)}` : clockWords(props.durationMs)}</Text>
    </View>
  )
}
