import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { eraseMyData, exportMyData, getMyData, type MyDataCase } from '../../../types/contracts/data-protection'
import { getWorkerJob } from '../../../types/contracts/jobs'
import { call } from '../../client/cloud'
import { runJob } from '../../client/job'
import { useQuery } from '../../client/query'
import { go, ROUTES } from '../../device/nav'
import { usePullToReload } from '../../device/page-hooks'
import { Button, confirm, Empty, LoadState, Progress, Tag, toast } from '../../ui'
import { useExportJob } from '../../shared/export-job'
import { Screen } from '../../shared/screen'
import './index.scss'

/**
 * 我的 → 我的数据 (个人信息保护法, ADR 0020): everything 菏谐驿站 keeps about this worker, as the server keeps it —
 * each case with the name and phone stored, what they wrote, its photos and voice notes, the choice they made
 * about who sees their identity; the reminders sent to them; the survey count (only a count: answers cannot be
 * told apart). They can export it all as a spreadsheet, and delete the identity on their finished cases at once.
 */
export default function MyData() {
  const q = useQuery(getMyData, {})
  const { job, busy: exporting, start, open } = useExportJob({ openFailed: '没能打开文件，请稍后再试' })
  const [erasing, setErasing] = useState(false)
  const [done, setDone] = useState<string>()
  usePullToReload(q.reload)

  if (!q.data) {
    return (
      <Screen className='my-data'>
        <LoadState query={q} rows={5} />
      </Screen>
    )
  }
  const d = q.data

  async function exportAll() {
    const done = await start((onProgress) => runJob(exportMyData, {}, onProgress, getWorkerJob))
    if (!done) return
    if (!done.ok || !done.job?.url) return toast(done.error ?? '文件没能生成，请稍后重试')
    await open(done.job.url, done.job.fileName ?? '我的数据.xlsx')
  }

  async function erase() {
    if (erasing) return
    const kept = d.open ? `\n${d.open} 条办理中的诉求不会删除：驿站还要联系你。` : ''
    const ok = await confirm({
      title: '删除身份信息？',
      content: `将删除 ${d.erasable} 条已结束诉求里的姓名、电话、微信关联和照片录音，删除后不能恢复，这些诉求也不再出现在“我的诉求”里。驿站只保留不含你身份的办理记录和统计数字。${kept}`,
      confirmText: '删除',
    })
    if (!ok) return
    setErasing(true)
    const res = await call(eraseMyData, { confirm: true })
    setErasing(false)
    if (!res.ok) return toast(res.error.message)
    setDone(res.data.sentence)
    void q.reload()
  }

  return (
    <Screen className='my-data'>
      <View className='my-data-lead'>
        这里是菏谐驿站保存的关于你的全部信息，和驿站工作人员看到的一样。你可以导出一份，也可以删除已结束诉求里的身份信息。
      </View>
      {done ? <View className='card my-data-done'>{done}</View> : null}

      <View className='section-title'>我的诉求（{d.cases.length} 条）</View>
      {d.cases.length === 0 ? <Empty text='没有保存你的诉求' hint='没有提交过诉求，或者已经删除了身份信息' /> : d.cases.map((c) => <CaseCard key={c.id} c={c} />)}

      <View className='section-title'>发给你的提醒（{d.reminders.length} 条）</View>
      <View className='card my-data-reminders'>
        {d.reminders.length === 0 ? (
          <View className='muted'>没有发过提醒</View>
        ) : (
          d.reminders.map((r, i) => (
            <View key={i} className='my-data-line'>
              <Text className='my-data-line__main'>{r.what}</Text>
              <Text className='my-data-line__meta muted'>
                {r.caseNo} · {r.atLabel} · {r.statusLabel}
              </Text>
            </View>
          ))
        )}
      </View>

      <View className='section-title'>其他</View>
      <View className='card'>
        <Kv k='满意度测评' v={`参加过 ${d.surveys.answered} 次`} />
        <View className='my-data-note muted'>{d.surveys.note}</View>
        <Kv k='政策宣传' v={`读过 ${d.noticesRead} 条（只记条数）`} />
        {d.consents.map((c) => (
          <View key={c} className='my-data-note'>
            {c}
          </View>
        ))}
        <View className='my-data-note my-data-retention'>{d.retention}</View>
        <View className='my-data-link' onClick={() => go(ROUTES.privacy)}>
          查看隐私政策
        </View>
      </View>

      <View className='actions'>
        {exporting && job ? <Progress className='my-data-progress' percent={job.percent} label={`正在生成 ${job.title}`} /> : null}
        <Button size='large' type='primary' className='my-data-export' loading={exporting} onClick={() => void exportAll()}>
          导出我的数据（Excel）
        </Button>
        <Button size='large' type='danger' plain className='my-data-erase' loading={erasing} disabled={d.erasable === 0} onClick={() => void erase()}>
          {d.erasable ? `删除已结束诉求的身份信息（${d.erasable} 条）` : '没有可以删除的已结束诉求'}
        </Button>
        {d.open ? <View className='my-data-open-note muted'>{d.open} 条诉求还在办理中，不能删除：办理中的诉求需要你的联系方式，删除后驿站无法联系你；可以先撤回</View> : null}
      </View>
    </Screen>
  )
}

function Kv({ k, v }: { k: string; v: string }) {
  return (
    <View className='kv'>
      <Text className='kv__k'>{k}</Text>
      <Text className='kv__v'>{v}</Text>
    </View>
  )
}

function CaseCard({ c }: { c: MyDataCase }) {
  const [open, setOpen] = useState(false)
  return (
    <View className={`card my-data-case ${c.erasable ? 'my-data-case--finished' : 'my-data-case--open'}`}>
      <View className='row-between' onClick={() => setOpen(!open)}>
        <View>
          <View className='my-data-case__title'>{c.categoryLabel}</View>
          <View className='my-data-case__no muted'>{c.caseNo}</View>
        </View>
        <Tag type={c.erasable ? 'default' : 'primary'}>{c.stateLabel}</Tag>
      </View>
      <Kv k='姓名' v={c.name ?? '没有保存'} />
      <Kv k='电话' v={c.phone ?? '没有保存'} />
      <Kv k='微信身份' v={c.wechatKept ? '保存了（用于给你发进度提醒）' : '没有保存'} />
      <Kv k='你的选择' v={c.consent} />
      {open ? (
        <>
          <Kv k='办理驿站' v={c.stationName} />
          <Kv k='提交时间' v={c.createdLabel} />
          {c.closedLabel ? <Kv k='结束时间' v={c.closedLabel} /> : null}
          {c.employerName ? <Kv k='单位' v={c.employerName} /> : null}
          {c.amountOwed !== null ? <Kv k='金额' v={`${c.amountOwed} 元`} /> : null}
          <Kv k='经过' v={c.description} />
          <Kv k='照片录音' v={c.files.length ? c.files.map((f) => `${f.kindLabel} ${f.sizeLabel}（${f.createdLabel}）`).join('；') : '没有'} />
          {c.claimedLabel ? <Kv k='认领' v={c.claimedLabel} /> : null}
          {c.messages.map((m, i) => (
            <Kv key={i} k={i === 0 ? '你写的' : ''} v={`${m.atLabel}：${m.text}`} />
          ))}
        </>
      ) : (
        <View className='my-data-more' onClick={() => setOpen(true)}>
          查看全部（经过、照片录音、你写的内容）
        </View>
      )}
      {c.deletionNote ? <View className='my-data-case__note'>{c.deletionNote}</View> : null}
    </View>
  )
}
