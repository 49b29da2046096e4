import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { getNetworkTree, type TreeNodeT } from '../../../types/contracts/admin'
import { STATION_KIND_LABEL } from '../../../types/domain'
import { ALLOWED_PARENTS, createStation, getStationDetail, moveStation, setStationStatus } from '../../../types/contracts/network'
import { SURVEY_STATION_KINDS } from '../../../types/contracts/surveys'
import { call } from '../../client/cloud'
import { lengthInWords, textLimits } from '../../client/limits'
import { go, ROUTES } from '../../device/nav'
import { usePullToReload, useShownAgain } from '../../device/page-hooks'
import { useQuery } from '../../client/query'
import { Button, ListState, RadioCards, Tag, toast } from '../../ui'
import { checkedAndConfirmed, refused } from '../../shared/confirm-steps'
import { NotePanel } from '../../shared/note-panel'
import { Screen } from '../../shared/screen'
import './index.scss'

/** The length of the reason comes from the contract (one place for each limit). */
const STATUS_REASON = textLimits(setStationStatus.input.shape.reason)

const countStations = (nodes: TreeNodeT[]): number => nodes.reduce((n, x) => n + 1 + countStations(x.children), 0)

/** The kinds a new station may have under this one (ALLOWED_PARENTS, from the contract). */
const childKinds = (node: TreeNodeT) => createStation.input.shape.kind.options.filter((k) => ALLOWED_PARENTS[k].includes(node.kind))

/** Where a station may move: active stations of its county that may hold its kind, not itself or below it, not its parent now. */
const moveTargets = (roots: TreeNodeT[], node: TreeNodeT): TreeNodeT[] => {
  if (node.kind === 'city' || node.kind === 'county') return []
  const kinds = ALLOWED_PARENTS[node.kind]
  const findCounty = (nodes: TreeNodeT[]): TreeNodeT | undefined => {
    for (const n of nodes) {
      if (n.kind === 'county' && contains(n, node.id)) return n
      const deeper = findCounty(n.children)
      if (deeper) return deeper
    }
    return undefined
  }
  const out: TreeNodeT[] = []
  let parentId: string | undefined
  const walk = (n: TreeNodeT) => {
    if (n.id === node.id) return
    if (n.children.some((c) => c.id === node.id)) parentId = n.id
    if (n.status === 'active' && kinds.includes(n.kind)) out.push(n)
    n.children.forEach(walk)
  }
  const county = findCounty(roots)
  if (county) walk(county)
  return out.filter((t) => t.id !== parentId)
}
const contains = (n: TreeNodeT, id: string): boolean => n.id === id || n.children.some((c) => contains(c, id))

interface TreeCtx {
  /** Every station shown, for where one may move. */
  roots: TreeNodeT[]
  /** The station whose actions are open (one at a time). */
  selected?: string
  select: (id?: string) => void
  /** After a change: the tree is read again. */
  changed: () => Promise<void>
}

function NodeRow(props: { node: TreeNodeT; depth: number; open: boolean; onToggle: () => void; ctx: TreeCtx }) {
  const { node, ctx } = props
  const hasChildren = node.children.length > 0
  const on = ctx.selected === node.id
  return (
    <View
      className={`net-row net-row--d${Math.min(props.depth, 3)} net-${node.kind} net-node-${node.code} ${on ? 'net-row--on' : ''}`}
      onClick={hasChildren ? props.onToggle : () => ctx.select(on ? undefined : node.id)}
    >
      <View className='net-row__main'>
        <View className='net-row__name'>
          <Text>{node.name}</Text>
        </View>
        <View className='net-row__meta'>
          <Tag type='primary' plain>
            {node.kindLabel}
          </Tag>
          {node.demo ? <Tag type='warning'>示例</Tag> : null}
          {node.status === 'suspended' ? <Tag type='danger'>暂停服务</Tag> : null}
          <Text className='net-row__count'>工作人员 {node.officerCount} 人</Text>
          {hasChildren ? (
            <Text className='net-row__toggle'>
              下级 {node.children.length} 个 {props.open ? '▲' : '▼'}
            </Text>
          ) : null}
        </View>
      </View>
      <Text
        className={`net-row__manage net-manage ${on ? 'net-row__manage--on' : ''}`}
        onClick={(e) => {
          e.stopPropagation()
          ctx.select(on ? undefined : node.id)
        }}
      >
        {on ? '收起' : '管理'}
      </Text>
    </View>
  )
}

/** What an admin can do with one station: 新建下级驿站, 编辑, 成员, 海报, 暂停/恢复服务 (reason + confirmation). */
function NodeActions(props: { node: TreeNodeT; ctx: TreeCtx }) {
  const { node, ctx } = props
  const suspended = node.status === 'suspended'
  const target = suspended ? 'active' : 'suspended'
  const [statusForm, setStatusForm] = useState(false)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const kinds = childKinds(node)
  const [moveForm, setMoveForm] = useState(false)
  const [moveTo, setMoveTo] = useState<string>()
  const targets = moveForm ? moveTargets(ctx.roots, node) : []

  async function submitMove() {
    if (busy) return
    const target = targets.find((t) => t.id === moveTo)
    if (!target) return setError('请选择新的上级驿站')
    const ok = await checkedAndConfirmed(moveStation, { id: node.id, version: 1, parentId: target.id, reason: reason.trim() }, '请写明原因', setError, {
      title: `把 ${node.name} 调整到 ${target.name} 下面？`,
      content: '驿站编号、工作人员和已有的诉求都不变，下级驿站一起调整；以后督办、上报和兜底由新的上级驿站负责。',
      confirmText: '调整',
      cancelText: '再想想',
    })
    if (!ok) return
    setBusy(true)
    const detail = await call(getStationDetail, { id: node.id })
    if (!detail.ok) {
      setBusy(false)
      return setError(detail.error.message)
    }
    const res = await call(moveStation, { id: node.id, version: detail.data.version, parentId: target.id, reason: reason.trim() })
    setBusy(false)
    if (refused(res, setError)) {
      if (res.error.code === 'STORE_CONFLICT') await ctx.changed()
      return
    }
    toast(`已调整到 ${target.name} 下面`, 'success')
    setMoveForm(false)
    setReason('')
    await ctx.changed()
  }

  async function submitStatus() {
    if (busy) return
    const ok = await checkedAndConfirmed(
      setStationStatus,
      { id: node.id, version: 1, status: target, reason: reason.trim() },
      '请写明原因',
      setError,
      suspended
        ? { title: `恢复 ${node.name} 的服务？`, content: '恢复后，新的诉求会重新交给本驿站办理。', confirmText: '恢复', cancelText: '再想想' }
        : {
            title: `暂停 ${node.name} 的服务？`,
            content: '暂停后，新的诉求和还没办结的诉求都会交给上一级驿站办理。需要时可以恢复服务。',
            confirmText: '暂停',
            cancelText: '再想想',
          },
    )
    if (!ok) return
    setBusy(true)
    // The version the change is made on: read just now, so a change by someone else in between is noticed.
    const detail = await call(getStationDetail, { id: node.id })
    if (!detail.ok) {
      setBusy(false)
      setError(detail.error.message)
      return
    }
    if (detail.data.status === target) {
      setBusy(false)
      toast(target === 'suspended' ? '这个驿站已经暂停服务了' : '这个驿站已经恢复服务了')
      setStatusForm(false)
      await ctx.changed()
      return
    }
    const res = await call(setStationStatus, { id: node.id, version: detail.data.version, status: target, reason: reason.trim() })
    setBusy(false)
    if (refused(res, setError)) {
      if (res.error.code === 'CASE_CONFLICT' || res.error.code === 'STORE_CONFLICT') await ctx.changed()
      return
    }
    toast(suspended ? '已恢复服务' : '已暂停服务', 'success')
    setStatusForm(false)
    setReason('')
    await ctx.changed()
  }

  return (
    <View className={`net-actions net-actions-${node.code}`}>
      <View className='net-actions__buttons'>
        {kinds.length ? (
          <Button size='small' type='primary' className='net-act-create' onClick={() => go(ROUTES.adminStationEdit, { parentId: node.id })}>
            新建下级驿站
          </Button>
        ) : null}
        <Button size='small' className='net-act-edit' onClick={() => go(ROUTES.adminStationEdit, { id: node.id })}>
          编辑
        </Button>
        <Button size='small' className='net-act-members' onClick={() => go(ROUTES.officerStation, { stationId: node.id })}>
          成员
        </Button>
        {node.kind !== 'city' && node.kind !== 'county' ? (
          <Button
            size='small'
            className='net-act-move'
            onClick={() => {
              setMoveForm((v) => !v)
              setStatusForm(false)
              setMoveTo(undefined)
              setReason('')
              setError(undefined)
            }}
          >
            调整上级
          </Button>
        ) : null}
        {SURVEY_STATION_KINDS.includes(node.kind) ? (
          <Button size='small' className='net-act-surveys' onClick={() => go(ROUTES.officerSurveys, { stationId: node.id })}>
            测评
          </Button>
        ) : null}
        <Button size='small' className='net-act-poster' onClick={() => go(ROUTES.adminPosters, { stationId: node.id })}>
          海报
        </Button>
        {node.kind !== 'city' ? (
          <Button
            size='small'
            type={suspended ? 'primary' : 'danger'}
            plain
            className={suspended ? 'net-act-resume' : 'net-act-suspend'}
            onClick={() => {
              setStatusForm((v) => !v)
              setMoveForm(false)
              setReason('')
              setError(undefined)
            }}
          >
            {suspended ? '恢复服务' : '暂停服务'}
          </Button>
        ) : null}
      </View>
      {moveForm ? (
        <NotePanel
          className='move-form'
          title='调整上级驿站'
          hint={`只能在本县区内调整，${(node.kind === 'city' || node.kind === 'county' ? [] : ALLOWED_PARENTS[node.kind]).map((k) => STATION_KIND_LABEL[k]).join('、')}可以做它的上级。请写明原因，${lengthInWords(STATUS_REASON)}。`}
          error={error}
          submitText='调整'
          busy={busy}
          onCancel={() => setMoveForm(false)}
          onSubmit={() => void submitMove()}
          before={
            targets.length ? (
              <RadioCards
                classPrefix='move-to'
                value={moveTo}
                onChange={(v) => {
                  setMoveTo(v)
                  setError(undefined)
                }}
                options={targets.map((t) => ({ value: t.id, title: t.name, desc: t.kindLabel }))}
              />
            ) : (
              <View className='move-form__none'>本县区没有可以做它上级的其他驿站</View>
            )
          }
          label='原因'
          limit={STATUS_REASON}
          value={reason}
          onChange={(v) => {
            setReason(v)
            setError(undefined)
          }}
          placeholder='例如：园区划归街道管理'
          fieldClassName='field-move-reason'
        />
      ) : null}
      {statusForm ? (
        <NotePanel
          className={`status-form status-form-${target}`}
          title={suspended ? '恢复服务' : '暂停服务'}
          hint={
            suspended
              ? `恢复后，新的诉求会重新交给本驿站办理。请写明原因，${lengthInWords(STATUS_REASON)}。`
              : `暂停后，新的诉求和还没办结的诉求都会交给上一级驿站办理。请写明原因，${lengthInWords(STATUS_REASON)}。`
          }
          error={error}
          submitText={suspended ? '恢复服务' : '暂停服务'}
          submitType={suspended ? 'primary' : 'danger'}
          busy={busy}
          onCancel={() => setStatusForm(false)}
          onSubmit={() => void submitStatus()}
          label='原因'
          limit={STATUS_REASON}
          value={reason}
          onChange={(v) => {
            setReason(v)
            setError(undefined)
          }}
          placeholder={suspended ? '例如：驿站已重新安排工作人员值守' : '例如：驿站搬迁，暂时没有工作人员值守'}
          fieldClassName='field-status-reason'
        />
      ) : null}
    </View>
  )
}

function Branch(props: { node: TreeNodeT; depth: number; defaultOpen?: boolean; ctx: TreeCtx }) {
  const [open, setOpen] = useState(!!props.defaultOpen)
  return (
    <View className='net-branch'>
      <NodeRow node={props.node} depth={props.depth} open={open} onToggle={() => setOpen((v) => !v)} ctx={props.ctx} />
      {props.ctx.selected === props.node.id ? <NodeActions node={props.node} ctx={props.ctx} /> : null}
      {open ? props.node.children.map((c) => <Branch key={c.id} node={c} depth={props.depth + 1} ctx={props.ctx} />) : null}
    </View>
  )
}

/**
 * The station tree under the admin's own station: tap a county to see its stations, 管理 on a station for
 * what can be done with it. The tree is read again after every change and when coming back to this page.
 */
export default function Network() {
  const tree = useQuery(getNetworkTree, {})
  const [selected, setSelected] = useState<string>()
  useShownAgain(() => void tree.reload())
  usePullToReload(tree.reload)
  const roots = tree.data?.roots ?? []
  const ctx: TreeCtx = { roots, selected, select: setSelected, changed: tree.reload }
  return (
    <Screen className='network'>
      {roots.length ? <View className='section-title'>共 {countStations(roots)} 个驿站，点县区展开，点 管理 新建、编辑、调整上级或暂停驿站</View> : null}
      <ListState
        status={tree.status}
        error={tree.error}
        isEmpty={!roots.length}
        empty={{ text: '还没有驿站', hint: '驿站建好后会出现在这里' }}
        onRetry={() => void tree.reload()}
      >
        <View className='net-tree'>
          {roots.map((r) => (
            <Branch key={r.id} node={r} depth={0} defaultOpen={roots.length === 1} ctx={ctx} />
          ))}
        </View>
      </ListState>
    </Screen>
  )
}
