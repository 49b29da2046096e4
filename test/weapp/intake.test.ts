/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import { one, selected, setUpWeappHarness, tap, tapVanButton, text } from './support/page'
import type { CloudCall } from './support/weapp-harness'

/**
 * 代为登记 in the weapp build, through vant's own fields and buttons: the worker's form in the officer's mode
 * (到站 / 电话, the lines to read out, the officer function, then the slip page), and the worker's 认领诉求 page
 * (what is typed is normalised, the server's refusal shows at its field, success opens the case).
 */

const { h, type } = setUpWeappHarness()

const ME = {
  ok: true,
  data: {
    officer: {
      name: '曹城街道王所长',
      isAdmin: false,
      isCityAdmin: false,
      memberships: [
        { stationId: 'st-CX-0002', stationName: '曹城街道驿站（示例）', stationKind: 'township', role: 'head', roleLabel: '负责人', side: 'government', sideLabel: '政府方', admin: false, canManagePeople: true },
      ],
    },
  },
}

it('files for a caller with the worker’s form: 电话, the read-out lines, the officer function, then the slip', async () => {
  h.reply = (c: CloudCall) => (c.data.op === 'me.get' ? ME : { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } })
  const page = h.render('pages/case-new/index', { mode: 'assisted', stationId: 'st-CX-0002' })
  await h.waitFor(() => text(page).includes('提交登记'))
  expect(text(page)).toContain('登记驿站：曹城街道驿站（示例）')
  expect(text(page)).toContain('请告诉职工：对单位保密的诉求，单位不会看到你的名字和电话')
  expect(text(page)).toContain('请告诉职工：匿名反映不留名字和电话')

  tap(page, '.category-wage_arrears')
  await type(page, '.field-description', '在工地干了半年，包工头一直不结工钱，一共两万多。')
  tap(page, '.own-employer-no')
  await type(page, '.field-employer-name', '县城东关饭店')
  await type(page, '.field-contact-name', '孙七')
  await type(page, '.field-contact-phone', '13600000004')
  // How the worker came is asked for before anything is sent.
  tapVanButton(page, '.submit-case')
  await h.waitFor(() => text(page).includes('请选择职工是到站还是打电话来的'))
  expect(h.calls.filter((c) => c.data.op === 'intake.file')).toHaveLength(0)

  tap(page, '.intake-channel-phone')
  await h.waitFor(() => selected(page, '.intake-channel-phone') && !text(page).includes('请选择职工是到站还是打电话来的'))
  h.reply = (c: CloudCall) =>
    c.data.op === 'me.get'
      ? ME
      : {
          ok: true,
          data: {
            id: 'case-9',
            caseNo: 'CX2611250009',
            ownerStationName: '曹城街道驿站（示例）',
            privacy: 'confidential',
            acceptPromise: '4 个工作小时内受理',
            acceptDue: { at: 0, clock: 'accept', label: '今天 17:30 前受理', overdue: false }, routeReasons: ['scanned'],
            slip: {
              caseId: 'case-9',
              caseNo: 'CX2611250009',
              claimCode: 'K7M2Q9',
              note: null,
              stationName: '曹城街道驿站（示例）',
              stationPhone: '0530-5021002',
              hotline: { number: '12333', name: '人力资源和社会保障服务热线' },
              ownerStationName: '曹城街道驿站（示例）',
              mayIssue: true,
              issuedAtLabel: '11月25日 周三 10:00',
            },
          },
        }
  tapVanButton(page, '.submit-case')
  await h.waitFor(() => h.navigations.length > 0)
  expect(h.modals.at(-1)?.content).toContain('请告诉职工：对单位保密的诉求')
  const sent = h.calls.find((c) => c.data.op === 'intake.file')!
  expect(sent.name).toBe('officer')
  expect(sent.data.input).toMatchObject({ stationId: 'st-CX-0002', channel: 'phone', category: 'wage_arrears', privacy: 'confidential', aboutOwnEmployer: false, contact: { name: '孙七', phone: '13600000004' } })
  expect(h.navigations.at(-1)!.url).toBe('/officer/intake/index?id=case-9&stationId=st-CX-0002')
})

it('claims with what is on the slip, shows the refusal at its field, and opens the case', async () => {
  const page = h.render('pages/claim/index', {})
  await h.waitFor(() => text(page).includes('认领诉求'))
  await type(page, '.field-claim-case-no', 'cx 2611250009', 'CX2611250009')
  await type(page, '.field-claim-code', 'k7m2-q8', 'K7M2Q8')
  h.reply = () => ({ ok: false, error: { code: 'CLAIM_WRONG_CODE', message: '认领码不对，请核对凭条后再输入（这条诉求还可以再试 4 次）', fields: ['code'] } })
  tapVanButton(page, '.submit-claim')
  await h.waitFor(() => text(one(page, '.field-claim-code')).includes('还可以再试 4 次'))
  expect(h.calls[0]!.name).toBe('worker')
  expect(h.calls[0]!.data).toMatchObject({ op: 'case.claim', input: { caseNo: 'CX2611250009', code: 'K7M2Q8' } })

  await type(page, '.field-claim-code', 'K7M2Q9')
  h.reply = () => ({ ok: true, data: { id: 'case-9', caseNo: 'CX2611250009', already: false } })
  tapVanButton(page, '.submit-claim')
  await h.waitFor(() => h.navigations.length > 0)
  expect(h.navigations.at(-1)).toEqual({ kind: 'redirectTo', url: '/pages/case/index?id=case-9' })
})
