import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import { getNetworkTree, type TreeNodeT } from '../../../types/contracts/admin'
import { useQuery } from '../../services/query'
import { ListState, Screen, Tag } from '../../ui'
import './index.scss'

const countStations = (nodes: TreeNodeT[]): number => nodes.reduce((n, x) => n + 1 + countStations(x.children), 0)

function NodeRow(props: { node: TreeNodeT; depth: number; open: boolean; onToggle: () => void }) {
  const { node } = props
  const hasChildren = node.children.length > 0
  return (
    <View
      className={`net-row net-row--d${Math.min(props.depth, 3)} net-${node.kind} net-node-${node.code}`}
      onClick={hasChildren ? props.onToggle : undefined}
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
        </View>
      </View>
      {hasChildren ? (
        <Text className='net-row__toggle'>
          {node.children.length} 个 {props.open ? '▲' : '▼'}
        </Text>
      ) : null}
    </View>
  )
}

function Branch(props: { node: TreeNodeT; depth: number; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(!!props.defaultOpen)
  return (
    <View className='net-branch'>
      <NodeRow node={props.node} depth={props.depth} open={open} onToggle={() => setOpen((v) => !v)} />
      {open
        ? props.node.children.map((c) => <Branch key={c.id} node={c} depth={props.depth + 1} />)
        : null}
    </View>
  )
}

/** The station tree under the admin's own station: tap a county to see its stations. */
export default function Network() {
  const tree = useQuery(getNetworkTree, {})
  usePullDownRefresh(async () => {
    await tree.reload()
    Taro.stopPullDownRefresh()
  })
  const roots = tree.data?.roots ?? []
  return (
    <Screen className='network'>
      {roots.length ? <View className='section-title'>共 {countStations(roots)} 个驿站，点县区展开</View> : null}
      <ListState
        status={tree.status}
        error={tree.error}
        isEmpty={!roots.length}
        empty={{ text: '还没有驿站', hint: '驿站建好后会出现在这里' }}
        onRetry={() => void tree.reload()}
      >
        <View className='net-tree'>
          {roots.map((r) => (
            <Branch key={r.id} node={r} depth={0} defaultOpen={roots.length === 1} />
          ))}
        </View>
      </ListState>
    </Screen>
  )
}
