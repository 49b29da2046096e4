import { View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { OutputOf } from '../../../types/contract'
import { EXPORT_MAX, exportCases } from '../../../types/contracts/arrears'
import { getMe } from '../../../types/contracts/me'
import { runJobWith } from '../../client/job'
import { useQuery } from '../../client/query'
import { getExportCursor, setExportCursor } from '../../device/prefs'
import { Button, copyText, Empty, Field, LoadState, RadioCards } from '../../ui'
import { JobProgress, useExportJob } from '../../shared/export-job'
import { Screen } from '../../shared/screen'
import './index.scss'

type Answer = OutputOf<typeof exportCases>

/**
 * 互联网+劳动关系 (bureau admins): the cases of the city or a county that changed since the last cursor, as JSON
 * Lines and CSV in the documented shape (docs/export/case-v1.schema.json), with the next cursor to start from.
 * Names and phones are in the files only where the privacy rule allows, each logged; never for anonymous cases.
 */
export default function ExportPage() {
  const me = useQuery(getMe, {})
  const places = (me.data?.officer?.memberships ?? []).filter((m) => m.admin && (m.stationKind === 'city' || m.stationKind === 'county'))
  const [stationId, setStationId] = useState<string>()
  const [cursor, setCursor] = useState('')
  const exp = useExportJob<Answer>({ jobOf: (a) => a.job, openFailed: '文件没能打开，请再点一次', failed: '导出没有完成，请重试' })
  const { busy, job, answer, error } = exp

  useEffect(() => {
    if (!stationId && places[0]) setStationId(places[0].stationId)
  }, [places.length])
  useEffect(() => {
    if (stationId) setCursor(getExportCursor(stationId) ?? '')
    exp.reset()
  }, [stationId])

  if (!me.data) {
    return (
      <Screen className='export'>
        <LoadState query={me} rows={4} />
      </Screen>
    )
  }
  if (!places.length || !stationId) {
    return (
      <Screen className='export'>
        <Empty text='只有市、县区的管理员可以导出' hint='请用管理员身份登录' />
      </Screen>
    )
  }

  async function run() {
    if (!stationId) return
    const done = await exp.start((onProgress) => runJobWith(exportCases, { stationId, since: cursor.trim() || null }, (a) => a.job, onProgress))
    const next = done?.answer?.nextCursor
    if (next) {
      setExportCursor(stationId, next)
      setCursor(next)
    }
  }

  const place = places.find((p) => p.stationId === stationId)!
  return (
    <Screen className='export'>
      <View className='export-head'>
        <View className='export-head__title'>省平台数据导出</View>
        <View className='export-head__sub'>互联网+劳动关系：导出上次以来新增或有变化的诉求（JSON Lines 和 CSV 两个文件，格式 case-v1），每次最多 {EXPORT_MAX} 条。</View>
      </View>

      {places.length > 1 ? (
        <>
          <View className='section-title'>导出范围</View>
          <View className='card'>
            <RadioCards classPrefix='export-scope' value={stationId} options={places.map((p) => ({ value: p.stationId, title: p.stationName }))} onChange={setStationId} />
          </View>
        </>
      ) : null}

      <View className='section-title'>从哪里接着导</View>
      <View className='card'>
        <Field label='游标' value={cursor} onChange={setCursor} maxlength={90} placeholder='第一次导出留空：导出全部' className='field-export-cursor' />
        <View className='export-hint'>游标是上次导出返回的“下次从这里开始”。这台手机会记住 {place.stationName} 上次的游标。</View>
      </View>

      <View className='section-title'>导出</View>
      <View className='card export-run'>
        <View className='export-hint'>职工姓名和电话只在你有权查看时写入，每一条都记入访问记录；匿名诉求不含任何身份信息。</View>
        <JobProgress busy={busy} job={job} verb='导出' unit='条' />
        {answer ? (
          <View className='export-done'>
            <View className='export-done__count'>
              {answer.count === 0 ? '上次以来没有新的变化' : `导出 ${answer.count} 条诉求，其中 ${answer.identities} 条含职工姓名和电话`}
            </View>
            {answer.more ? <View className='export-done__more'>还有更多变化，请再点一次“导出”接着导。</View> : null}
            {answer.count > 0 ? (
              <View className='export-done__files'>
                <Button size='small' className='open-jsonl' onClick={() => void exp.open(answer.job.url, answer.job.fileName)}>
                  打开 JSON Lines
                </Button>
                <Button size='small' className='open-csv' onClick={() => void exp.open(answer.csv?.url, answer.csv?.fileName)}>
                  打开 CSV
                </Button>
              </View>
            ) : null}
            {answer.nextCursor ? (
              <View className='export-done__cursor next-cursor' onClick={() => copyText(answer.nextCursor!, '已复制游标', '没能复制，请长按选择')}>
                下次从这里开始：{answer.nextCursor}（点一下复制）
              </View>
            ) : null}
          </View>
        ) : null}
        {error ? <View className='export-error'>{error}</View> : null}
        <View className='export-button'>
          <Button block type='primary' className='run-export' loading={busy} onClick={() => void run()}>
            {error ? '重新导出' : '导出'}
          </Button>
        </View>
      </View>
    </Screen>
  )
}
