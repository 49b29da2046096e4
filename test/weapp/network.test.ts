/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import { fieldValue, one, setUpWeappHarness, tapVanButton, text } from './support/page'
import type { CloudCall } from './support/weapp-harness'

/**
 * Network pages in the weapp build, through vant's own fields, buttons and switch: the invite code is
 * upper-cased as typed and the confirmation names station, role and side; the 管理员 switch appears only
 * when the server allows it and 政府方 is chosen; removing a member confirms first; a station edit that lost a race reloads and
 * sends the new version the next time.
 */
const { h, type, ops } = setUpWeappHarness()

it('binds with a code typed in lower case and says who the person now is', async () => {
  h.reply = (c: CloudCall) => {
    if (c.data.op !== 'invite.redeem') return { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
    const { code } = c.data.input as { code: string }
    return code === 'AB12CD34'
      ? { ok: true, data: { stationId: 'st-CX-0100', stationName: '青堌集镇驿站', roleLabel: '负责人', sideLabel: '政府方', admin: false } }
      : { ok: false, error: { code: 'INVITE_EXPIRED', message: '邀请码已过期（72 小时内有效），请联系驿站负责人重新发一个' } }
  }
  const page = h.render('officer/bind/index')
  await h.waitFor(() => !!page.querySelector('.field-invite-code'))

  // Too short: the contract's words, nothing sent.
  await type(page, '.field-invite-code', 'ab1', 'AB1')
  tapVanButton(page, '.bind-submit')
  await h.waitFor(() => text(page).includes('邀请码是 8 位字母和数字'))
  expect(ops()).toEqual([])

  // The server's refusal, in its words.
  await type(page, '.field-invite-code', 'zz99zz99', 'ZZ99ZZ99')
  tapVanButton(page, '.bind-submit')
  await h.waitFor(() => text(page).includes('邀请码已过期'))

  await type(page, '.field-invite-code', 'ab-12 cd34', 'AB12CD34')
  tapVanButton(page, '.bind-submit')
  await h.waitFor(() => !!page.querySelector('.bind-result'))
  expect(h.calls[h.calls.length - 1]).toMatchObject({ name: 'worker', data: { op: 'invite.redeem', input: { code: 'AB12CD34' } } })
  expect(text(one(page, '.bind-result'))).toContain('你已成为 青堌集镇驿站 的 负责人（政府方）')
  tapVanButton(page, '.go-workbench')
  await h.waitFor(() => h.navigations.length === 1)
  expect(h.navigations[0]).toEqual({ kind: 'redirectTo', url: '/officer/inbox/index?stationId=st-CX-0100' })
})

const OFFICERS = {
  stationName: '曹城街道驿站（示例）',
  officers: [
    { membershipId: 'ms-1', name: '曹城街道王所长', role: 'head', roleLabel: '负责人', side: 'government', sideLabel: '政府方', admin: false, isMe: true },
    { membershipId: 'ms-2', name: '刘律师', role: 'member', roleLabel: '工作人员', side: 'third_party', sideLabel: '第三方', admin: false, isMe: false },
  ],
  invites: [
    {
      code: 'K7M2Q9XA',
      stationName: '曹城街道驿站（示例）',
      name: '新同事',
      role: 'member',
      roleLabel: '工作人员',
      side: 'union',
      sideLabel: '工会方',
      admin: false,
      expiresAt: 0,
      expiresLabel: '11月28日 周五 10:00 前有效',
    },
  ],
  canInviteAdmin: false,
}

it('shows members and invites; the 管理员 switch only when the server allows it; 移除 confirms first', async () => {
  let data: Record<string, unknown> = { ...OFFICERS }
  h.reply = (c: CloudCall) => {
    if (c.data.op === 'station.officers') return { ok: true, data }
    if (c.data.op === 'membership.remove') return { ok: true, data: { removed: true } }
    return { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  }
  let page = h.render('officer/station/index', { stationId: 'st-CX-0002' })
  await h.waitFor(() => !!page.querySelector('.member-row'))
  expect(h.calls[0]).toMatchObject({ name: 'officer', data: { op: 'station.officers', input: { stationId: 'st-CX-0002' } } })
  expect(page.querySelectorAll('.member-row')).toHaveLength(2)
  // Oneself: no 移除.
  expect(page.querySelectorAll('.member-remove')).toHaveLength(1)
  expect(text(one(page, '.invite-K7M2Q9XA'))).toContain('K7M2Q9XA')
  expect(text(one(page, '.invite-K7M2Q9XA'))).toContain('11月28日 周五 10:00 前有效')

  tapVanButton(page, '.open-invite')
  await h.waitFor(() => !!page.querySelector('.invite-form'))
  expect(page.querySelector('.invite-admin-switch')).toBeUndefined()

  tapVanButton(page, '.member-remove')
  await h.waitFor(() => !!page.querySelector('.remove-form'))
  await type(page, '.field-remove-reason', '已调到其他单位工作')
  h.confirmModal = false
  tapVanButton(page, '.remove-form .panel-submit')
  await h.waitFor(() => h.modals.length === 1)
  expect(h.modals[0].content).toContain('移除后 刘律师 将不能再查看和办理本驿站的诉求')
  expect(ops()).not.toContain('membership.remove')
  h.confirmModal = true
  data = { ...OFFICERS, officers: OFFICERS.officers.slice(0, 1) }
  tapVanButton(page, '.remove-form .panel-submit')
  await h.waitFor(() => page.querySelectorAll('.member-row').length === 1)
  expect(h.calls.find((c) => c.data.op === 'membership.remove')?.data.input).toEqual({ membershipId: 'ms-2', reason: '已调到其他单位工作' })
  h.cleanup()

  data = { ...OFFICERS, canInviteAdmin: true }
  page = h.render('officer/station/index', { stationId: 'st-CX-0001' })
  await h.waitFor(() => !!page.querySelector('.open-invite'))
  tapVanButton(page, '.open-invite')
  await h.waitFor(() => !!page.querySelector('.invite-form'))
  // The employer side sees only open cases: said short under its card, in full once it is chosen.
  expect(text(one(page, '.invite-side-employer'))).toContain('只能看到“公开给驿站”的诉求')
  expect(page.querySelector('.invite-side-note')).toBeUndefined()
  // The admin flag goes only with 政府方: before that, one line says why there is no switch.
  const adminSwitchOn = () => (page.querySelector('.invite-admin-switch')?.instance?.data as { checked?: boolean } | undefined)?.checked
  expect(page.querySelector('.invite-admin-switch')).toBeUndefined()
  expect(text(one(page, '.invite-admin-off'))).toBe('管理员只能由政府方的工作人员担任，选政府方后可以设为管理员')
  one(page, '.invite-side-government').dispatchEvent('tap')
  await h.waitFor(() => !!page.querySelector('.invite-admin-switch'))
  expect(page.querySelector('.invite-admin-off')).toBeUndefined()
  one(one(page, '.invite-admin-switch'), '.van-switch').dispatchEvent('tap')
  await h.waitFor(() => adminSwitchOn() === true)
  one(page, '.invite-side-employer').dispatchEvent('tap')
  await h.waitFor(() => !page.querySelector('.invite-admin-switch'))
  expect(page.querySelector('.invite-admin-off')).toBeDefined()
  expect(text(one(page, '.invite-side-note'))).toBe('企业方只能看到职工选了“公开给驿站”的诉求，“对单位保密”和“匿名”的诉求都看不到')
  // Back on 政府方 the switch starts off again: nothing is sent as admin that the person did not see.
  one(page, '.invite-side-government').dispatchEvent('tap')
  await h.waitFor(() => !!page.querySelector('.invite-admin-switch'))
  expect(adminSwitchOn()).toBe(false)
})

it('creates an invite with one request id per filled form and shows the code big', async () => {
  const invite = { ...OFFICERS.invites[0], code: 'H7CWGXCG', side: 'government', sideLabel: '政府方', role: 'head', roleLabel: '负责人' }
  let failOnce = true
  h.reply = (c: CloudCall) => {
    if (c.data.op === 'station.officers') return { ok: true, data: { ...OFFICERS, invites: [] } }
    if (c.data.op === 'invite.create') {
      if (failOnce) {
        failOnce = false
        throw new Error('lost')
      }
      return { ok: true, data: invite }
    }
    return { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  }
  const page = h.render('officer/station/index', { stationId: 'st-CX-0002' })
  await h.waitFor(() => !!page.querySelector('.open-invite'))
  tapVanButton(page, '.open-invite')
  await h.waitFor(() => !!page.querySelector('.invite-form'))
  await type(page, '.field-invite-name', '新同事')
  one(page, '.invite-role-head').dispatchEvent('tap')
  one(page, '.invite-side-government').dispatchEvent('tap')
  await h.waitFor(() => !!page.querySelector('.invite-side-government.is-selected'))

  // A lost reply, then the same form again: the same request id.
  tapVanButton(page, '.invite-form .panel-submit')
  await h.waitFor(() => text(page).includes('网络不太好'))
  tapVanButton(page, '.invite-form .panel-submit')
  await h.waitFor(() => !!page.querySelector('.invite-created__code'))
  const sent = h.calls.filter((c) => c.data.op === 'invite.create')
  expect(sent).toHaveLength(2)
  expect(sent[0].data.requestId).toBe(sent[1].data.requestId)
  expect(sent[1].data.input).toEqual({ stationId: 'st-CX-0002', name: '新同事', role: 'head', side: 'government', admin: false })
  expect(text(one(page, '.invite-created__code'))).toBe('H7CWGXCG')
  expect(text(page)).toContain('请把邀请码告诉对方，对方在小程序 我的 → 绑定工作人员 里输入。72 小时内有效，只能用一次。')
})

const DETAIL = {
  id: 'st-CX-0100',
  code: 'HZ-CX-0100',
  name: '青堌集镇驿站',
  kind: 'township',
  kindLabel: '乡镇(街道)驿站',
  demo: false,
  status: 'active',
  parentId: 'st-CX-0001',
  parentName: '曹县劳动关系服务驿站',
  address: '青堌集镇政府便民服务中心一楼',
  phone: '0530-1234567',
  hours: '工作日 08:30-12:00，13:30-17:30',
  version: 1,
}

it('edits a station with the version it read; after a conflict it reloads and sends the new version', async () => {
  let stored = { ...DETAIL }
  let conflictOnce = true
  h.reply = (c: CloudCall) => {
    if (c.data.op === 'station.detail') return { ok: true, data: stored }
    if (c.data.op === 'station.update') {
      if (conflictOnce) {
        conflictOnce = false
        stored = { ...stored, version: 2, address: '青堌集镇新址' }
        return { ok: false, error: { code: 'STORE_CONFLICT', message: '数据刚刚被修改，请刷新后再试' } }
      }
      return { ok: true, data: { ...stored, ...(c.data.input as object), version: 3 } }
    }
    return { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  }
  const page = h.render('admin/station-edit/index', { id: 'st-CX-0100' })
  await h.waitFor(() => fieldValue(page, '.field-station-phone') === '0530-1234567')
  await type(page, '.field-station-phone', '0530-7654321')
  tapVanButton(page, '.station-save')
  await h.waitFor(() => fieldValue(page, '.field-station-address') === '青堌集镇新址')
  expect(text(page)).toContain('这个驿站刚刚被别人改过')
  expect(h.calls.find((c) => c.data.op === 'station.update')?.data.input).toMatchObject({ id: 'st-CX-0100', version: 1, phone: '0530-7654321' })

  await type(page, '.field-station-phone', '0530-7654321')
  tapVanButton(page, '.station-save')
  await h.waitFor(() => h.toasts.includes('已保存'))
  const updates = h.calls.filter((c) => c.data.op === 'station.update')
  expect(updates[1].data.input).toEqual({
    id: 'st-CX-0100',
    version: 2,
    name: '青堌集镇驿站',
    address: '青堌集镇新址',
    phone: '0530-7654321',
    hours: '工作日 08:30-12:00，13:30-17:30',
  })
})

it('offers only the kinds allowed under the parent', async () => {
  h.reply = (c: CloudCall) =>
    c.data.op === 'station.detail'
      ? { ok: true, data: { ...DETAIL, id: 'st-CX-0003', kind: 'park', kindLabel: '园区驿站', name: '曹县经济开发区驿站（示例）' } }
      : { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  const page = h.render('admin/station-edit/index', { parentId: 'st-CX-0003' })
  await h.waitFor(() => !!page.querySelector('.station-kind-enterprise'))
  expect(page.querySelector('.station-kind-township')).toBeUndefined()
  expect(page.querySelector('.station-kind-park')).toBeUndefined()
  expect(fieldValue(page, '.field-station-hours')).toBe('工作日 08:30-12:00，13:30-17:30')
})
