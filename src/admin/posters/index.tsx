import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { batchPosters, getPoster, remakePoster, type PosterView } from '../../../types/contracts/posters'
import { call } from '../../client/cloud'
import { runJob } from '../../client/job'
import { useQuery } from '../../client/query'
import { usePageParams } from '../../device/nav'
import { usePullToReload, useShownAgain } from '../../device/page-hooks'
import { Button, confirm, ErrorState, LoadState, Progress, Tag, toast } from '../../ui'
import { openOrSay, useExportJob } from '../../shared/export-job'
import { Screen } from '../../shared/screen'
import { PosterPreview } from './poster-preview'
import './index.scss'

/** A handed-out URL lives ten minutes: older than this, the page asks for a fresh one before opening it. */
const URL_FRESH_MS = 8 * 60_000

/** Said when a poster's file cannot be opened. */
const OPEN_FAILED = '文件没能打开，请稍后再试'
const open = (url: string, name: string) => openOrSay(url, name, OPEN_FAILED)

/** The county's posters in one PDF, made as a job with a progress bar (D35). */
function CountyBatch(props: { batch: NonNullable<PosterView['batch']> }) {
  const { batch } = props
  const { job, error, busy, start: run } = useExportJob({ openFailed: OPEN_FAILED })

  async function start() {
    await run((onProgress) => runJob(batchPosters, { countyId: batch.countyId }, onProgress), {
      jobId: '',
      state: 'running',
      done: 0,
      total: batch.stations,
      percent: 0,
      title: `${batch.countyName}驿站海报（共 ${batch.stations} 张）`,
    })
  }

  const done = job?.state === 'done' && job.url ? job : undefined
  return (
    <View className='posters-batch card'>
      <View className='posters-batch__title'>{batch.countyName}全部驿站海报</View>
      <View className='posters-batch__text'>
        {batch.countyName}正在服务的 {batch.stations} 个驿站，每个驿站一页，合成一个 PDF，方便一起打印。暂停服务的驿站不包括在内。
      </View>
      {job && job.state === 'running' ? (
        <View className='posters-batch__progress'>
          <Progress percent={job.percent} label={`正在生成 ${job.done}/${job.total || batch.stations} 张`} />
        </View>
      ) : null}
      {done ? (
        <View className='posters-batch__done'>
          <Progress percent={100} label={`已生成 ${done.total} 张`} />
          <View className='posters-batch__file'>{done.fileName}</View>
          <Button type='primary' block className='posters-batch-download' onClick={() => void open(done.url!, done.fileName ?? `${batch.countyName}驿站海报.pdf`)}>
            下载 PDF
          </Button>
        </View>
      ) : null}
      {error ? <View className='posters-error'>{error}</View> : null}
      {!busy ? (
        <Button block type={done ? 'default' : 'primary'} plain={!!done} className='posters-batch-start' onClick={() => void start()}>
          {done ? '重新生成' : error ? '重试' : `生成 ${batch.countyName} 全部 ${batch.stations} 张海报`}
        </Button>
      ) : null}
    </View>
  )
}

/**
 * 驿站海报: a station's A4 poster (its name, its code, why to scan, the hotlines, how to reach it) as it
 * prints, to download as PDF; when the station changed since the poster was made, what changed and 重新生成;
 * for admins over the county, every station of the county in one PDF. Heads of the station and admins above it.
 */
export default function Posters() {
  const { stationId } = usePageParams()
  const q = useQuery(getPoster, stationId ? { stationId } : null)
  const [loadedAt, setLoadedAt] = useState(0)
  const [remade, setRemade] = useState<PosterView>()
  const [busy, setBusy] = useState<'remake' | 'download' | 'code'>()
  const [error, setError] = useState<string>()

  // What is shown: the poster as made again on this page, or as read.
  const view = remade ?? q.data
  useEffect(() => {
    if (q.data) setLoadedAt(Date.now())
  }, [q.data])

  const reload = async () => {
    setRemade(undefined)
    await q.reload()
  }
  useShownAgain(() => void reload())
  usePullToReload(reload)

  /** The view with URLs still good to open: read again when they are about to expire. */
  async function fresh(): Promise<PosterView | undefined> {
    if (view && Date.now() - loadedAt < URL_FRESH_MS) return view
    const res = await call(getPoster, { stationId })
    if (!res.ok) {
      setError(res.error.message)
      return undefined
    }
    setRemade(res.data)
    setLoadedAt(Date.now())
    return res.data
  }

  async function download(what: 'pdf' | 'code') {
    if (busy) return
    setBusy(what === 'pdf' ? 'download' : 'code')
    setError(undefined)
    const v = await fresh()
    setBusy(undefined)
    if (!v) return
    if (what === 'pdf') await open(v.poster.url, v.poster.fileName)
    else await open(v.poster.codeUrl, `${v.station.code}.png`)
  }

  async function remake() {
    if (busy || !view) return
    const ok = await confirm({
      title: '重新生成海报？',
      content: '按驿站现在的名称、电话和开放时间重新生成。已经张贴的旧海报上的码还能用，但信息是旧的，请换上新打印的海报。',
      confirmText: '重新生成',
      cancelText: '再看看',
    })
    if (!ok) return
    setBusy('remake')
    setError(undefined)
    const res = await call(remakePoster, { stationId })
    setBusy(undefined)
    if (!res.ok) {
      setError(res.error.message)
      toast(res.error.message)
      return
    }
    setRemade(res.data)
    setLoadedAt(Date.now())
    toast('已重新生成', 'success')
  }

  if (!stationId) {
    return (
      <Screen className='posters'>
        <ErrorState message='没有选择驿站，请回到驿站网络重新进入' onRetry={() => void reload()} />
      </Screen>
    )
  }
  if (!view) {
    return (
      <Screen className='posters'>
        <View className='posters-making muted'>第一次打开时要生成海报，请稍等几秒</View>
        <LoadState query={q} rows={6} />
      </Screen>
    )
  }

  const { station, poster, changes, batch } = view
  return (
    <Screen className='posters'>
      <View className='posters-head'>
        <View className='posters-head__name station-name'>{station.name}</View>
        <View className='posters-head__meta'>
          <Tag type='primary' plain>
            {station.kindLabel}
          </Tag>
          {station.status === 'suspended' ? <Tag type='danger'>暂停服务</Tag> : null}
          <Text className='posters-head__code'>编号 {station.code}</Text>
        </View>
      </View>

      {station.status === 'suspended' ? (
        <View className='posters-note posters-suspended'>这个驿站暂停服务中：职工扫码会看到“暂停服务”，并被引导到县区驿站。恢复服务后再张贴。</View>
      ) : null}

      {changes.length ? (
        <View className='posters-stale card'>
          <View className='posters-stale__title'>驿站信息改过了，海报上还是旧的</View>
          {changes.map((c) => (
            <View key={c} className='posters-stale__change'>
              {c}
            </View>
          ))}
          <View className='posters-stale__hint'>重新生成后，请重新打印并换下旧海报。</View>
          <Button type='primary' block className='posters-remake' loading={busy === 'remake'} onClick={() => void remake()}>
            重新生成海报
          </Button>
        </View>
      ) : null}

      <View className='posters-preview-wrap'>
        <PosterPreview layout={poster.layout} codeUrl={poster.codeUrl} label={`${station.name}的海报`} />
      </View>
      <View className='posters-made muted'>
        A4 大小 · 生成于 {poster.madeLabel}。打印后贴在驿站门口和职工常去的地方。
      </View>

      {error ? <View className='posters-error'>{error}</View> : null}

      <View className='actions posters-actions'>
        <Button type='primary' size='large' className='posters-download' loading={busy === 'download'} disabled={changes.length > 0} onClick={() => void download('pdf')}>
          {changes.length ? '请先重新生成海报' : '下载海报 PDF'}
        </Button>
        <Button block plain className='posters-code' loading={busy === 'code'} onClick={() => void download('code')}>
          单独保存驿站码图片
        </Button>
      </View>

      {batch ? <CountyBatch batch={batch} /> : null}
    </Screen>
  )
}
