import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { InputOf, OutputOf } from '../../../types/contract'
import { cancelInvite, createInvite, listStationOfficers, removeMembership } from '../../../types/contracts/network'
import { ADMIN_SIDES, PRIVACIES_SEEN_BY } from '../../../types/authz'
import { Privacy, PRIVACY_LABEL, Role, ROLE_LABEL, Side, SIDE_LABEL } from '../../../types/domain'
import { checkInput } from '../../client/check'
import { call } from '../../client/cloud'
import { useFormRequest } from '../../client/form-request'
import { lengthInWords, textLimits } from '../../client/limits'
import { usePageParams } from '../../device/nav'
import { usePullToReload } from '../../device/page-hooks'
import { useQuery } from '../../client/query'
import { Button, confirm, copyText, Empty, Field, LoadState, Panel, RadioCards, Switch, Tag, toast } from '../../ui'
import { checkedAndConfirmed, refused } from '../../shared/confirm-steps'
import { NotePanel } from '../../shared/note-panel'
import { Screen } from '../../shared/screen'
import './index.scss'

type Data = OutputOf<typeof listStationOfficers>
type Officer = Data['officers'][number]
type Invite = OutputOf<typeof createInvite>

/** Lengths come from the contracts (one place for each limit). */
const INVITE_NAME = textLimits(createInvite.input.shape.name)
const REMOVE_REASON = textLimits(removeMembership.input.shape.reason)

const ROLES = Role.options.map((value) => ({ value, title: ROLE_LABEL[value] }))
const quoted = (ps: readonly Privacy[], and: string) => ps.map((p) => `“${PRIVACY_LABEL[p]}”`).join(and)

/**
 * For a side that does not see every case (the visibility rule): which cases it sees, short under its card
 * and in full under the cards once it is chosen.
 */
function seesOnly(side: Side): { short: string; full: string } | undefined {
  const seen = PRIVACIES_SEEN_BY[side]
  const unseen = Privacy.options.filter((p) => !seen.includes(p))
  if (!unseen.length) return undefined
  return {
    short: `只能看到${quoted(seen, '、')}的诉求`,
    full: `${SIDE_LABEL[side]}只能看到职工选了${quoted(seen, '、')}的诉求，${quoted(unseen, '和')}的诉求都看不到`,
  }
}

const SIDES = Side.options.map((value) => ({ value, title: SIDE_LABEL[value], desc: seesOnly(value)?.short }))

/** The admin flag goes only with these sides (the server refuses it with any other). */
const ADMIN_SIDE_WORDS = ADMIN_SIDES.map((s) => SIDE_LABEL[s]).join('、')
const mayBeAdmin = (side: Side | undefined) => !!side && ADMIN_SIDES.includes(side)

const HOW_TO_BIND = '请把邀请码告诉对方，对方在小程序 我的 → 绑定工作人员 里输入。72 小时内有效，只能用一次。'

const copy = (code: string) => copyText(code, '邀请码已复制', '没能复制，请记下邀请码告诉对方')

/** 驿站成员: who works at the station, the invite codes not used yet, and a form to invite someone. */
export default function StationMembers() {
  const { stationId } = usePageParams()
  const q = useQuery(listStationOfficers, stationId ? { stationId } : null)

  usePullToReload(q.reload)

  // Removing one officer (a reason, then a confirmation).
  const [removing, setRemoving] = useState<Officer>()
  const [reason, setReason] = useState('')
  const [removeError, setRemoveError] = useState<string>()
  const [busy, setBusy] = useState<string>()

  // Inviting (a form, then the code, big).
  const [inviting, setInviting] = useState(false)
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role>()
  const [side, setSide] = useState<Side>()
  const [admin, setAdmin] = useState(false)
  const [inviteError, setInviteError] = useState<string>()
  const [created, setCreated] = useState<Invite>()
  const request = useFormRequest()

  if (!q.data) {
    return (
      <Screen className='members'>
        <LoadState query={q} rows={4} missing='没有找到这个驿站，请返回重新进入' />
      </Screen>
    )
  }
  const d = q.data

  function openRemove(o: Officer) {
    setRemoving(removing?.membershipId === o.membershipId ? undefined : o)
    setReason('')
    setRemoveError(undefined)
  }

  async function submitRemove(o: Officer) {
    if (busy) return
    const input = { membershipId: o.membershipId, reason: reason.trim() }
    const ok = await checkedAndConfirmed(removeMembership, input, '请写明原因', setRemoveError, {
      title: `移除 ${o.name}？`,
      content: `移除后 ${o.name} 将不能再查看和办理本驿站的诉求。要再加入，需要重新邀请。`,
      confirmText: '移除',
      cancelText: '再想想',
    })
    if (!ok) return
    setBusy('remove')
    const res = await call(removeMembership, input)
    setBusy(undefined)
    if (refused(res, setRemoveError)) return
    toast('已移除', 'success')
    setRemoving(undefined)
    setReason('')
    await q.reload()
  }

  async function cancel(inv: Data['invites'][number]) {
    if (busy) return
    const ok = await confirm({
      title: '作废这个邀请码？',
      content: `作废后，${inv.name} 就不能再用邀请码 ${inv.code} 绑定了。需要时可以重新邀请。`,
      confirmText: '作废',
      cancelText: '再想想',
    })
    if (!ok) return
    setBusy(`cancel-${inv.code}`)
    const res = await call(cancelInvite, { code: inv.code })
    setBusy(undefined)
    if (!res.ok) {
      toast(res.error.message)
      await q.reload()
      return
    }
    toast('已作废', 'success')
    if (created?.code === inv.code) setCreated(undefined)
    await q.reload()
  }

  function openInvite() {
    setInviting(true)
    setCreated(undefined)
    setName('')
    setRole(undefined)
    setSide(undefined)
    setAdmin(false)
    setInviteError(undefined)
  }

  async function submitInvite() {
    if (busy) return
    if (!role) return setInviteError('请选择角色：负责人、联络员还是工作人员')
    if (!side) return setInviteError('请选择对方是哪一方')
    const input: InputOf<typeof createInvite> = { stationId, name: name.trim(), role, side, admin: d.canInviteAdmin && mayBeAdmin(side) && admin }
    const checked = checkInput(createInvite, input, '请填写对方的姓名')
    if (!checked.ok) return setInviteError(checked.message)
    setInviteError(undefined)
    setBusy('invite')
    const res = await call(createInvite, input, { requestId: request.idFor(input) })
    setBusy(undefined)
    if (!res.ok) {
      setInviteError(res.error.message)
      return
    }
    request.done()
    setInviting(false)
    setCreated(res.data)
    await q.reload()
  }

  const invites = d.invites.filter((i) => i.code !== created?.code)
  const sideNote = side ? seesOnly(side)?.full : undefined

  return (
    <Screen className='members'>
      <View className='members-head'>
        <View className='members-head__title station-name'>{d.stationName}</View>
        <View className='members-head__sub'>工作人员 {d.officers.length} 人 · 邀请码 {d.invites.length} 个未使用</View>
      </View>

      {created ? (
        <View className='card invite-created'>
          <View className='invite-created__title'>
            给 {created.name} 的邀请码（{created.roleLabel} · {created.sideLabel}
            {created.admin ? ' · 管理员' : ''}）
          </View>
          <Text className='invite-code invite-code--big invite-created__code' userSelect>
            {created.code}
          </Text>
          <View className='invite-created__how'>{HOW_TO_BIND}</View>
          <View className='invite-created__expires invite-expires'>{created.expiresLabel}</View>
          <View className='invite-created__buttons'>
            <View className='invite-created__button'>
              <Button block type='primary' className='copy-created' onClick={() => copy(created.code)}>
                复制邀请码
              </Button>
            </View>
            <View className='invite-created__button'>
              <Button block className='invite-done' onClick={() => setCreated(undefined)}>
                完成
              </Button>
            </View>
          </View>
        </View>
      ) : inviting ? (
        <View className='card'>
          <Panel
            className='invite-form'
            title='邀请成员'
            hint='填好后会生成一个邀请码，对方输入后就成为本驿站的工作人员。'
            error={inviteError}
            submitText='生成邀请码'
            busy={busy === 'invite'}
            onCancel={() => setInviting(false)}
            onSubmit={() => void submitInvite()}
          >
            <Field
              label='姓名'
              required
              value={name}
              onChange={(v) => {
                setName(v)
                setInviteError(undefined)
              }}
              maxlength={INVITE_NAME.max}
              placeholder='对方的真实姓名'
              className='field-invite-name'
            />
            <View className='invite-form__label'>角色</View>
            <RadioCards
              classPrefix='invite-role'
              columns={2}
              value={role}
              options={ROLES}
              onChange={(v) => {
                setRole(v)
                setInviteError(undefined)
              }}
            />
            <View className='invite-form__label'>哪一方</View>
            <RadioCards
              classPrefix='invite-side'
              columns={2}
              value={side}
              options={SIDES}
              onChange={(v) => {
                setSide(v)
                if (!mayBeAdmin(v)) setAdmin(false)
                setInviteError(undefined)
              }}
            />
            {sideNote ? <View className='invite-side-note'>{sideNote}</View> : null}
            {d.canInviteAdmin ? (
              mayBeAdmin(side) ? (
                <View className='invite-admin'>
                  <View className='invite-admin__text'>
                    <Text className='invite-admin__title'>管理员</Text>
                    <Text className='invite-admin__desc'>可以管理驿站网络：新建、编辑、暂停驿站，邀请和移除成员</Text>
                  </View>
                  <Switch className='invite-admin-switch' label='管理员' checked={admin} onChange={setAdmin} />
                </View>
              ) : (
                <View className='invite-admin-off'>管理员只能由{ADMIN_SIDE_WORDS}的工作人员担任，选{ADMIN_SIDE_WORDS}后可以设为管理员</View>
              )
            ) : null}
          </Panel>
        </View>
      ) : (
        <View className='actions members-invite'>
          <Button type='primary' size='large' className='open-invite' onClick={openInvite}>
            邀请成员
          </Button>
        </View>
      )}

      <View className='section-title'>工作人员</View>
      {d.officers.length ? (
        <View className='members-list'>
          {d.officers.map((o) => (
            <View key={o.membershipId} className={`member-row member-${o.membershipId}`}>
              <View className='member-row__top'>
                <View className='member-row__main'>
                  <Text className='member-row__name'>{o.name}</Text>
                  <View className='member-row__tags'>
                    <Tag type='primary' plain>
                      {o.roleLabel}
                    </Tag>
                    <Tag>{o.sideLabel}</Tag>
                    {o.admin ? <Tag type='warning'>管理员</Tag> : null}
                    {o.isMe ? <Tag type='success'>我</Tag> : null}
                  </View>
                </View>
                {o.isMe ? null : (
                  <View className='member-row__action'>
                    <Button size='small' type='danger' plain className='member-remove' onClick={() => openRemove(o)}>
                      移除
                    </Button>
                  </View>
                )}
              </View>
              {removing?.membershipId === o.membershipId ? (
                <NotePanel
                  className='remove-form'
                  title={`移除 ${o.name}`}
                  hint={`移除后 ${o.name} 将不能再查看和办理本驿站的诉求。请写明原因，${lengthInWords(REMOVE_REASON)}。`}
                  error={removeError}
                  submitText='移除'
                  submitType='danger'
                  busy={busy === 'remove'}
                  onCancel={() => setRemoving(undefined)}
                  onSubmit={() => void submitRemove(o)}
                  label='移除原因'
                  limit={REMOVE_REASON}
                  value={reason}
                  onChange={(v) => {
                    setReason(v)
                    setRemoveError(undefined)
                  }}
                  placeholder='例如：已调到其他单位工作'
                  fieldClassName='field-remove-reason'
                />
              ) : null}
            </View>
          ))}
        </View>
      ) : (
        <Empty text='这个驿站还没有工作人员' hint='点上面的 邀请成员，把邀请码发给对方' />
      )}

      <View className='section-title'>还没使用的邀请码</View>
      {invites.length ? (
        <View className='members-list'>
          {invites.map((inv) => (
            <View key={inv.code} className={`invite-row invite-${inv.code}`}>
              <View className='invite-row__who'>
                {inv.name} · {inv.roleLabel} · {inv.sideLabel}
                {inv.admin ? ' · 管理员' : ''}
              </View>
              <Text className='invite-code' userSelect>
                {inv.code}
              </Text>
              <View className='invite-row__expires invite-expires'>{inv.expiresLabel}</View>
              <View className='invite-row__buttons'>
                <Button size='small' className='invite-copy' onClick={() => copy(inv.code)}>
                  复制
                </Button>
                <Button size='small' type='danger' plain className='invite-cancel' loading={busy === `cancel-${inv.code}`} onClick={() => void cancel(inv)}>
                  作废
                </Button>
              </View>
            </View>
          ))}
        </View>
      ) : (
        <View className='members-none muted'>{created ? '没有其他未使用的邀请码' : '没有未使用的邀请码'}</View>
      )}
    </Screen>
  )
}
