import { View } from '@tarojs/components'
import { useState } from 'react'
import type { Contract, InputOf, OutputOf } from '../../../types/contract'
import type { getMyCase } from '../../../types/contracts/case'
import { confirmCase, reopenCase, withdrawCase } from '../../../types/contracts/case-actions'
import { lengthInWords, textLimits } from '../../client/limits'
import { Button, Field, Panel, Rate } from '../../ui'
import { useSendCaseAction, type SendHow } from '../../shared/send-action'

type Detail = OutputOf<typeof getMyCase>

/** Lengths come from the contracts (one place for each limit). */
const COMMENT = textLimits(confirmCase.input.shape.comment)
const REOPEN_REASON = textLimits(reopenCase.input.shape.reason)
type FormKey = 'confirm' | 'reopen'
type Key = FormKey | 'withdraw'

const DONE: Record<Key, string> = {
  confirm: '已结案，谢谢你的评价',
  reopen: '已告诉驿站继续办理',
  withdraw: '已撤回',
}

const STAR_WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意']

export interface WorkerActionsProps {
  detail: Detail
  reload: () => Promise<void>
}

/**
 * What the worker may do now, exactly as the server lists it: after an answer, 满意并结案 (stars and a word)
 * or 没有解决，继续办理 (why); while open, 撤回. New information goes in the conversation (its composer).
 */
export default function WorkerActions(props: WorkerActionsProps) {
  const c = props.detail
  const actions = useSendCaseAction(props.reload)
  const can = (op: string) => c.actions.includes(op)
  const [open, setOpen] = useState<FormKey>()
  const [stars, setStars] = useState(0)
  const [text, setText] = useState('')
  const [error, setError] = useState<string>()
  const target = { id: c.id, version: c.version }

  function toggle(key: FormKey) {
    setOpen(open === key ? undefined : key)
    setText('')
    setStars(0)
    setError(undefined)
  }
  const close = () => {
    setOpen(undefined)
    setText('')
  }

  // The form of this action shows its messages; 撤回 (no form) is said in a toast. After CASE_CONFLICT the page
  // has been reloaded with the station's latest change: look again, then retry.
  function send<C extends Contract>(key: Key, contract: C, input: InputOf<C>, ask?: SendHow['confirm']) {
    return actions.send(key, contract, input, { done: DONE[key], confirm: ask, inline: open === key, setError, after: close })
  }

  const canConfirm = can('case.confirm')
  const canReopen = can('case.reopen')
  const canWithdraw = can('case.withdraw')
  if (!canConfirm && !canReopen && !canWithdraw) return null

  const answered = canConfirm || canReopen
  return (
    <View className='card worker-actions'>
      <View className='worker-actions__title'>{answered ? '驿站已经答复，问题解决了吗？' : '不需要驿站办理了？'}</View>
      <View className='worker-actions__hint'>
        {answered ? '办理结果在上面。没解决可以说明原因，驿站会继续办理。' : '问题已经解决、不需要驿站办理了，可以撤回。有新情况请在下面的对话里告诉驿站。'}
      </View>
      <View className='worker-actions__buttons'>
        {canConfirm ? (
          <Button block type='primary' plain={open === 'confirm'} className='act act-confirm' onClick={() => toggle('confirm')}>
            满意并结案
          </Button>
        ) : null}
        {canReopen ? (
          <Button block plain={open === 'reopen'} className='act act-reopen' onClick={() => toggle('reopen')}>
            没有解决，继续办理
          </Button>
        ) : null}
        {canWithdraw ? (
          <Button
            block
            type='danger'
            plain
            className='act act-withdraw'
            loading={actions.busy === 'withdraw'}
            onClick={() =>
              void send('withdraw', withdrawCase, target, {
                title: '撤回这条诉求？',
                content: '撤回后驿站将不再办理，需要时可以重新反映。',
                confirmText: '撤回',
              })
            }
          >
            撤回
          </Button>
        ) : null}
      </View>

      {open === 'confirm' && canConfirm ? (
        <Panel
          className='action-form action-form-confirm'
          title='给驿站的办理打个分'
          hint='点星星打分，1 星最低，5 星最高。结案后这条诉求就结束了。'
          error={error}
          submitText='满意并结案'
          busy={actions.busy === 'confirm'}
          onCancel={close}
          onSubmit={() => void send('confirm', confirmCase, { ...target, rating: stars, ...(text.trim() ? { comment: text.trim() } : {}) })}
        >
          <View className='worker-actions__rate'>
            <Rate
              value={stars}
              onChange={(n) => {
                setStars(n)
                setError(undefined)
              }}
              label='给驿站打分'
              className='rate-case'
            />
            <View className='worker-actions__stars'>{stars ? `${stars} 星 · ${STAR_WORDS[stars]}` : '还没有打分'}</View>
          </View>
          <Field type='textarea' label='想说的话（选填）' value={text} onChange={setText} maxlength={COMMENT.max} showWordLimit placeholder='例如：工资已经拿到了，谢谢' className='field-comment' />
        </Panel>
      ) : null}

      {open === 'reopen' && canReopen ? (
        <Panel
          className='action-form action-form-reopen'
          title='哪里还没有解决？'
          hint={`说说还没解决的地方，${lengthInWords(REOPEN_REASON)}。驿站会继续办理。`}
          error={error}
          submitText='继续办理'
          busy={actions.busy === 'reopen'}
          onCancel={close}
          onSubmit={() => void send('reopen', reopenCase, { ...target, reason: text.trim() })}
        >
          <Field type='textarea' label='没有解决的地方' required value={text} onChange={setText} maxlength={REOPEN_REASON.max} showWordLimit placeholder='例如：只补发了一个月，还差两个月没发' className='field-reason' />
        </Panel>
      ) : null}

    </View>
  )
}
