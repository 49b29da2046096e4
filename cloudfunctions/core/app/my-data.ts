import { IDENTITY_SIDES } from '../../../types/authz'
import type { MyDataCase, MyDataView } from '../../../types/contracts/data-protection'
import { NOTICES } from '../../../types/notices'
import { CASE_STATE_LABEL, isAssistedChannel, PRIVACY_LABEL, SIDE_LABEL, type Privacy } from '../../../types/domain'
import { isFinished, OPEN_CASE_DELETION_NOTE } from '../domain/retention'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import { caseEventsOf } from './cases'
import { findAll } from './find-all'
import { loadCategoryNames } from './policy'
import type { CaseDoc, ClaimDoc, MediaDoc, OutboxDoc, PolicyNoticeReadDoc } from './records'
import { loadRetention, retentionWords } from './retention'
import { stationsById } from './stations'
import { answeredCount } from './surveys'
import { timeLabel } from './time'

/**
 * 我的数据 (ADR 0020): everything kept about one worker, found by their worker key and openid, the same for the
 * page and the export. Surveys are counted only: who answered what cannot be told (ADR 0014).
 */

/** Who may see the name and phone under each choice: the worker's consent, in words. */
export const consentWords = (p: Privacy): string =>
  p === 'anonymous'
    ? `${PRIVACY_LABEL.anonymous}：没有保存你的姓名、电话和微信身份`
    : p === 'confidential'
      ? `${PRIVACY_LABEL.confidential}：你的姓名和电话只给${IDENTITY_SIDES.confidential.map((s) => SIDE_LABEL[s]).join('、')}的工作人员看，企业方看不到这条诉求`
      : `${PRIVACY_LABEL.open}：办理的驿站工作人员可以看到你的姓名和电话`

const KIND_LABEL = { photo: '照片', voice: '录音', document: '文件' } as const
const sizeLabel = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`)
const OUTBOX_STATUS = { pending: '等待发送', sent: '已发送', failed: '没有发出' } as const

export const SURVEY_NOTE = '满意度测评是匿名的：只记你参加过几次，不记哪一次、答了什么，也没法和你的诉求对上，所以这里只有次数'
export const CONSENTS = [
  '使用相机、相册和麦克风的同意由微信保存在你的手机上，驿站不保存；可以在微信的设置里随时关闭',
  '接收进度提醒的订阅由微信保存，驿站只保存发给你的提醒（见“发给你的提醒”）',
]

/** The worker's cases, newest first (a person's own cases: a bounded list). */
export const casesOfWorker = (ports: Ports, openid: string) =>
  findAll<CaseDoc>(ports.store, COLLECTIONS.cases, { where: { workerKey: ports.secrets.workerKey(openid) }, orderBy: { field: 'createdAt', dir: 'desc' } })

export const collectMyData = async (ports: Ports, openid: string, readerKey: string, onCase?: (done: number, total: number) => Promise<void>): Promise<MyDataView> => {
  const { store } = ports
  const cases = await casesOfWorker(ports, openid)
  const stations = await stationsById(store, cases.map((c) => c.ownerStationId))
  const names = await loadCategoryNames(store)
  const out: MyDataCase[] = []
  for (const c of cases) {
    const events = await caseEventsOf(store, c._id)
    const media = await findAll<MediaDoc>(store, COLLECTIONS.media, { where: { caseId: c._id }, orderBy: { field: 'createdAt', dir: 'asc' } })
    const claim = isAssistedChannel(c.channel) ? await store.get<ClaimDoc>(COLLECTIONS.claims, c.caseNo) : null
    const finished = isFinished(c.state)
    out.push({
      id: c._id,
      caseNo: c.caseNo,
      category: c.category,
      categoryLabel: names[c.category],
      state: c.state,
      stateLabel: CASE_STATE_LABEL[c.state],
      privacy: c.privacy,
      consent: consentWords(c.privacy),
      stationName: stations.get(c.ownerStationId)?.name ?? '',
      createdLabel: timeLabel(c.createdAt),
      closedLabel: c.closedAt !== null && finished ? timeLabel(c.closedAt) : null,
      name: c.identity?.name ?? null,
      phone: c.identity?.phone ?? null,
      wechatKept: !!c.workerOpenid,
      employerName: c.employer?.name ?? null,
      description: c.description,
      amountOwed: c.amountOwed ?? null,
      messages: events.filter((e) => e.actor === 'worker' && e.kind !== 'submitted' && !e.internal).map((e) => ({ atLabel: timeLabel(e.at), text: e.text })),
      files: media.map((m) => ({ kind: m.kind, kindLabel: KIND_LABEL[m.kind], sizeLabel: sizeLabel(m.bytes), createdLabel: timeLabel(m.createdAt) })),
      claimedLabel: claim?.status === 'used' && claim.usedAt !== undefined ? `${timeLabel(claim.usedAt)} 用认领码认领（认领码本身不保存）` : null,
      erasable: finished,
      deletionNote: finished ? null : OPEN_CASE_DELETION_NOTE,
    })
    await onCase?.(out.length, cases.length)
  }
  const caseNoOf = new Map(cases.map((c) => [c._id, c.caseNo]))
  const reminders = (await store.find<OutboxDoc>(COLLECTIONS.outbox, { where: { to: openid }, orderBy: { field: 'createdAt', dir: 'desc' }, limit: 200 })).items
  const retention = await loadRetention(store)
  return {
    cases: out,
    reminders: reminders.map((r) => ({ atLabel: timeLabel(r.createdAt), what: NOTICES[r.kind].title, caseNo: caseNoOf.get(r.caseId) ?? '', statusLabel: OUTBOX_STATUS[r.status] })),
    surveys: { answered: await answeredCount(store, ports.secrets, openid), note: SURVEY_NOTE },
    noticesRead: await store.count(COLLECTIONS.policyNoticeReads, { readerKey } satisfies Partial<Record<keyof PolicyNoticeReadDoc, string>>),
    consents: CONSENTS,
    retention: `已结束的诉求${retentionWords(retention)}，到期后删除姓名、电话、微信关联、照片和录音，只留下不含身份的办理记录和统计数字`,
    erasable: out.filter((c) => c.erasable).length,
    open: out.filter((c) => !c.erasable).length,
  }
}
