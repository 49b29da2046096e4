import { ERRORS } from '../../types/errors'
import { confirmModal, fill, seen, setUpE2E, visible, type PersonPage } from '../support/e2e'

/**
 * Network administration in a real browser on the H5 build, through the local host over SQLite:
 *  a. the 曹县 admin creates a township station under 曹县 from the tree and invites 新同事 to it
 *     (工作人员 / 政府方), reading the code from the page;
 *  b. a worker enters the code under 我的 → 绑定工作人员, sees who they now are, and opens the new station's inbox;
 *  c. the admin removes that member with a reason; the member's inbox then says they are not an officer;
 *  d. the street head (head, not admin) opens 驿站成员 from the inbox, sees no 管理员 switch, and may not
 *     open another station's members; a member-role officer has no 驿站成员 link;
 *  e. the admin edits the new station from the tree, then suspends it (reason, confirmation) and resumes it.
 * Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(120_000)

const e2e = setUpE2E('network')
const personPage = (openid: string, path: string) => e2e.personPage(openid, path)

const STATION = '青堌集镇驿站'
const HOW_TO_BIND = '请把邀请码告诉对方，对方在小程序 我的 → 绑定工作人员 里输入。72 小时内有效，只能用一次。'

let stationId = 'not-created-yet'
let code = 'not-created-yet'
let memberPage: PersonPage | undefined

it('the county admin creates a township station under 曹县 from the tree and invites 新同事 to it', async () => {
  const page = await personPage('dev-CX-county-head', '/admin/network/index')
  const county = visible(page, '.net-node-HZ-CX-0001').first()
  await county.waitFor()

  // 管理 on the county: a city-level kind is not offered, all three lower kinds are.
  await county.locator('.net-manage').click()
  const actions = visible(page, '.net-actions-HZ-CX-0001').first()
  await actions.locator('.net-act-create').click()
  await seen(page, '建在 曹县').waitFor()
  for (const kind of ['township', 'park', 'enterprise']) await visible(page, `.station-kind-${kind}`).first().waitFor()

  // Nothing filled: the form says what is missing and sends nothing.
  await fill(page, '.field-station-hours', '')
  await visible(page, '.station-save').first().click()
  await seen(page, '请选择驿站类型').waitFor()

  await visible(page, '.station-kind-township').first().click()
  await fill(page, '.field-station-name', STATION)
  await fill(page, '.field-station-address', '青堌集镇政府便民服务中心一楼')
  await fill(page, '.field-station-phone', '0530-1234567')
  await visible(page, '.station-save').first().click()
  await seen(page, '请填写开放时间').waitFor()
  await fill(page, '.field-station-hours', '工作日 08:30-12:00，13:30-17:30')
  await visible(page, '.station-save').first().click()
  await seen(page, '驿站建好后不能删除').waitFor()
  await confirmModal(page, '新建')

  await seen(page, `已新建 ${STATION}`).waitFor()
  await seen(page, '编号 HZ-CX-').waitFor()
  await visible(page, '.created-back').first().click()

  // Back in the tree, read again: the new station is under 曹县, with nobody yet.
  const node = visible(page, '.net-township').filter({ hasText: STATION }).first()
  await node.waitFor()
  await expect(node.innerText()).resolves.toContain('工作人员 0 人')
  await node.locator('.net-manage').click()
  await visible(page, '.net-actions').filter({ visible: true }).locator('.net-act-members').first().click()
  await page.waitForURL(/\/officer\/station\/index\?stationId=/)
  stationId = new URL(page.url()).searchParams.get('stationId') ?? ''
  expect(stationId).toMatch(/^st-CX-\d{4}$/)

  await visible(page, '.station-name').filter({ hasText: STATION }).first().waitFor()
  await seen(page, '这个驿站还没有工作人员').waitFor()
  await visible(page, '.open-invite').first().click()
  // A township station: no admin flag to hand out.
  await visible(page, '.invite-form').first().waitFor()
  expect(await visible(page, '.invite-admin-switch').count()).toBe(0)
  await fill(page, '.field-invite-name', '新同事')
  await visible(page, '.invite-form .panel-submit').first().click()
  await seen(page, '请选择角色').waitFor()
  await visible(page, '.invite-role-member').first().click()
  await visible(page, '.invite-side-government').first().click()
  await visible(page, '.invite-form .panel-submit').first().click()

  const shown = visible(page, '.invite-created__code').first()
  await shown.waitFor()
  code = (await shown.innerText()).trim()
  expect(code).toMatch(/^[A-Z0-9]{8}$/)
  await seen(page, HOW_TO_BIND).waitFor()
  await seen(page, '给 新同事 的邀请码（工作人员 · 政府方）').waitFor()
  await expect(visible(page, '.invite-created .invite-expires').first().innerText()).resolves.toContain('前有效')
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('a worker binds with the code under 我的 → 绑定工作人员 and opens the new station’s inbox', async () => {
  const page = await personPage('dev-worker-li', '/pages/me/index')
  memberPage = page
  await visible(page, '.go-bind').first().click()
  await seen(page, '输入邀请码').waitFor()

  // A wrong code: the server's words, and nothing changes.
  await fill(page, '.field-invite-code', 'ZZZZ9999')
  await visible(page, '.bind-submit').first().click()
  await seen(page, ERRORS.INVITE_NOT_FOUND).waitFor()

  // Typed in lower case: it becomes the code.
  await fill(page, '.field-invite-code', code.toLowerCase())
  await expect(visible(page, 'input.field-invite-code').first().inputValue()).resolves.toBe(code)
  await visible(page, '.bind-submit').first().click()
  await seen(page, `你已成为 ${STATION} 的 工作人员（政府方）`).waitFor()

  await visible(page, '.bind-done .go-workbench').first().click()
  await page.waitForURL(/\/officer\/inbox\/index/)
  await visible(page, '.inbox-one-station').filter({ hasText: STATION }).first().waitFor()
  await seen(page, '没有待受理的诉求').waitFor()
  // A member of the station, not its head: no way to its members.
  expect(await visible(page, '.go-station-members').count()).toBe(0)
  expect(page.errors).toEqual([])
})

it('the county admin removes the member with a reason; their inbox then says they are not an officer', async () => {
  const page = await personPage('dev-CX-county-head', `/officer/station/index?stationId=${stationId}`)
  const row = visible(page, '.member-row').filter({ hasText: '新同事' }).first()
  await row.waitFor()
  await expect(row.innerText()).resolves.toContain('工作人员')
  // The code is used: no open invites left.
  await seen(page, '没有未使用的邀请码').waitFor()

  await row.locator('.member-remove').click()
  await visible(page, '.remove-form .panel-submit').first().click()
  await seen(page, '请写明原因').waitFor()
  await fill(page, '.field-remove-reason', '已调回县人社局，不再在本驿站值守')
  await visible(page, '.remove-form .panel-submit').first().click()
  await seen(page, '移除后 新同事 将不能再查看和办理本驿站的诉求').waitFor()
  await confirmModal(page, '移除')
  await seen(page, '这个驿站还没有工作人员').waitFor()
  expect(await visible(page, '.member-row').count()).toBe(0)
  expect(page.errors).toEqual([])
  await page.context().close()

  const member = memberPage!
  await member.reload()
  await seen(member, ERRORS.AUTH_NOT_OFFICER).waitFor()
  expect(await visible(member, '.inbox-row').count()).toBe(0)
  expect(member.errors).toEqual([])
  await member.context().close()
})

it('the street head opens 驿站成员 from the inbox but has no 管理员 switch, and no other station’s members', async () => {
  const page = await personPage('dev-CX-street-head', '/officer/inbox/index')
  await visible(page, '.go-station-members').first().click()
  await page.waitForURL(/\/officer\/station\/index\?stationId=st-CX-0002/)
  await visible(page, '.station-name').filter({ hasText: '曹城街道驿站（示例）' }).first().waitFor()

  // Themself, marked 我, without 移除; the others with it.
  const me = visible(page, '.member-row').filter({ hasText: '王所长' }).first()
  await me.waitFor()
  await expect(me.getByText('我', { exact: true }).count()).resolves.toBe(1)
  expect(await me.locator('.member-remove').count()).toBe(0)
  await expect(visible(page, '.member-row').filter({ hasText: '刘律师' }).first().locator('.member-remove').count()).resolves.toBe(1)

  await visible(page, '.open-invite').first().click()
  await visible(page, '.invite-form').first().waitFor()
  await visible(page, '.invite-role-head').first().waitFor()
  expect(await visible(page, '.invite-admin-switch').count()).toBe(0)
  expect(page.errors).toEqual([])

  // Another station's members: the server refuses, the page says so with 重试.
  await page.goto(`${e2e.host.url}/officer/station/index?stationId=st-CX-0003`)
  await seen(page, ERRORS.AUTH_FORBIDDEN).waitFor()
  await visible(page, '.retry').first().waitFor()
  expect(page.errors).toEqual([])
  await page.context().close()

  // A member-role officer of the same station has no link to it.
  const rep = await personPage('dev-CX-street-rep', '/officer/inbox/index')
  await visible(rep, '.inbox-one-station').first().waitFor()
  await seen(rep, '曹城街道驿站（示例）').waitFor()
  expect(await visible(rep, '.go-station-members').count()).toBe(0)
  await rep.context().close()
})

it('the admin edits the new station from the tree, suspends it with a reason and resumes it', async () => {
  const page = await personPage('dev-CX-county-head', '/admin/network/index')
  const node = () => visible(page, '.net-township').filter({ hasText: STATION }).first()
  // 管理 toggles the station's actions; they stay open when coming back from a page they opened.
  const openActions = async () => {
    await node().waitFor()
    if (!(await visible(page, '.net-actions').count())) await node().locator('.net-manage').click()
    await visible(page, '.net-actions').first().waitFor()
  }
  await openActions()
  await visible(page, '.net-actions .net-act-edit').first().click()

  // The form shows the station as stored; a wrong phone is refused before sending.
  // The form fills in once the station has loaded: wait for the stored value rather than read it at once.
  const phone = visible(page, 'input.field-station-phone').first()
  await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLInputElement>('input.field-station-phone')).some((i) => i.value !== ''))
  await expect(phone.inputValue()).resolves.toBe('0530-1234567')
  await fill(page, '.field-station-phone', '12345')
  await visible(page, '.station-save').first().click()
  await seen(page, '请填写正确的手机号或座机号').waitFor()
  await fill(page, '.field-station-phone', '0530-7654321')
  await visible(page, '.station-save').first().click()

  // Back in the tree; the edit is stored (the form reads it again).
  await openActions()
  await visible(page, '.net-actions .net-act-edit').first().click()
  // The form shows the stored station once its read has answered.
  await page.waitForFunction((v) => Array.from(document.querySelectorAll<HTMLInputElement>('input.field-station-phone')).some((i) => i.value === v), '0530-7654321')
  await expect(visible(page, 'input.field-station-phone').first().inputValue()).resolves.toBe('0530-7654321')
  await page.goBack()

  await openActions()
  await visible(page, '.net-actions .net-act-suspend').first().click()
  await fill(page, '.field-status-reason', '驿站搬迁，暂停两周')
  await visible(page, '.status-form .panel-submit').first().click()
  await seen(page, '暂停后，新的诉求和还没办结的诉求都会交给上一级驿站办理').waitFor()
  await confirmModal(page, '暂停')
  await visible(page, '.net-actions .net-act-resume').first().waitFor()
  await expect(node().innerText()).resolves.toContain('暂停服务')

  await visible(page, '.net-actions .net-act-resume').first().click()
  await fill(page, '.field-status-reason', '搬迁完成，恢复值守')
  await visible(page, '.status-form .panel-submit').first().click()
  await confirmModal(page, '恢复')
  await visible(page, '.net-actions .net-act-suspend').first().waitFor()
  await expect(node().innerText()).resolves.not.toContain('暂停服务')
  expect(page.errors).toEqual([])
  await page.context().close()
})
