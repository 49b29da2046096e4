import type { Page } from 'playwright-core'
import type { Contract, InputOf, OutputOf } from '../../types/contract'
import { getMyCase, submitCase, withdrawCase } from '../../types/contracts'
import type { CaseDoc } from '../../cloudfunctions/core/app/records'
import { dispatch } from '../../cloudfunctions/core/app/dispatch'
import { localPorts } from '../../cloudfunctions/local/ports'
import type { Ports } from '../../cloudfunctions/core/ports'
import { submitInput } from '../support/harness'
import { confirmModal, DIALOG, seen, setUpE2E, visible } from '../support/e2e'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * 我的 → 我的数据 in a real browser on the H5 build (ADR 0020): a worker with a withdrawn and an open case sees
 * both with the name and phone as stored and what deleting would mean for the open one; exports an Excel file
 * (a job with progress, downloaded under its name); cancels the deletion, then confirms it, and the identity of
 * the withdrawn case is gone while the open one keeps it. The 隐私政策 links to 我的数据. The city admin's
 * 数据保存期限 page runs a 试运行. Shot at 375 px, normal and 长辈模式 (HX_SHOTS). Needs `dist/h5`.
 */
jest.setTimeout(180_000)

const e2e = setUpE2E('my-data')
const WORKER = 'dev-worker-zhang'

let ports: Ports
let seq = 0
const op = async <C extends Contract>(c: C, openid: string, input: InputOf<C>): Promise<OutputOf<C>> => {
  ports ??= localPorts(e2e.store, 'e2e-secret-0123456789abcdef', { notifier: { send: async () => ({ ok: true }) }, log: () => undefined })
  const r = await dispatch(c.fn, { op: c.op, input, requestId: `e2e-mydata-${String(++seq).padStart(6, '0')}` }, { openid, via: 'local' }, ports)
  if (!r.ok) throw new Error(`${c.op}: ${r.error.code} ${r.error.message}`)
  return r.data as OutputOf<C>
}

async function expectNotCutOff(page: Page, root: string) {
  await expect(cutOff(page, root)).resolves.toEqual([])
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
}

it('a worker sees everything kept about them, exports it, and deletes the identity on a finished case after confirming', async () => {
  const withdrawn = await op(submitCase, WORKER, submitInput({ contact: { name: '张师傅', phone: '13800000031' } }))
  const { version } = await op(getMyCase, WORKER, { id: withdrawn.id })
  await op(withdrawCase, WORKER, { id: withdrawn.id, version })
  const open = await op(submitCase, WORKER, submitInput({ privacy: 'confidential', contact: { name: '张师傅', phone: '13800000031' } }))

  const page = await e2e.personPage(WORKER, '/pages/me/index')
  await visible(page, '.go-my-data').first().click()
  await page.waitForURL(/\/pages\/my-data\/index/)
  await seen(page, '我的诉求（2 条）').waitFor()
  expect(await visible(page, '.my-data-case').count()).toBe(2)
  await visible(page, '.my-data-case--finished').getByText('13800000031').first().waitFor()
  await visible(page, '.my-data-case--open').getByText('办理中的诉求需要你的联系方式，删除后驿站无法联系你；可以先撤回').first().waitFor()
  await visible(page, '.my-data-case--open').getByText(/对单位保密/).first().waitFor()
  await seen(page, /参加过 0 次/).waitFor()
  await seen(page, /满意度测评是匿名的/).waitFor()
  await visible(page, '.my-data-case--finished .my-data-more').first().click()
  await visible(page, '.my-data-case--finished').getByText(/老板拖欠了我们三个月的工资/).first().waitFor()
  await shoot(page, 'my-data')
  await expectNotCutOff(page, '.my-data')

  // Export: a job with its progress, downloaded under its name.
  const download = page.waitForEvent('download')
  await visible(page, '.my-data-export').first().click()
  expect((await download).suggestedFilename()).toMatch(/^我的数据_\d{8}\.xlsx$/)

  // Delete: the dialog says what goes and what stays; 取消 changes nothing.
  await visible(page, '.my-data-erase').first().click()
  await visible(page, DIALOG).getByText(/将删除 1 条已结束诉求里的姓名、电话、微信关联和照片录音，删除后不能恢复/).first().waitFor()
  await visible(page, DIALOG).getByText(/1 条办理中的诉求不会删除/).first().waitFor()
  await shoot(page, 'my-data-confirm')
  await confirmModal(page, '取消')
  expect((await e2e.store.get<CaseDoc>('cases', withdrawn.id))!.identity).toEqual({ name: '张师傅', phone: '13800000031' })
  await visible(page, '.my-data-erase').first().click()
  await confirmModal(page, '删除')
  await seen(page, /已删除 1 条已结束诉求的姓名、电话和微信关联；1 条办理中的诉求没有删除/).waitFor()
  await seen(page, '我的诉求（1 条）').waitFor()
  await seen(page, '没有可以删除的已结束诉求').waitFor()
  const erased = (await e2e.store.get<CaseDoc>('cases', withdrawn.id))!
  expect(erased.identity).toBeUndefined()
  expect(erased.workerKey).toBeUndefined()
  expect((await e2e.store.get<CaseDoc>('cases', open.id))!.identity).toEqual({ name: '张师傅', phone: '13800000031' })
  await shoot(page, 'my-data-after')

  // 长辈模式: the same page, larger, nothing cut off.
  await turnOnElderMode(page, e2e.host.url)
  await page.goto(`${e2e.host.url}/pages/my-data/index`)
  await visible(page, '.screen.elder .my-data-case').first().waitFor()
  await shoot(page, 'my-data-elder')
  await expectNotCutOff(page, '.my-data')

  // The privacy policy links here, and says how long finished cases keep the identity.
  await page.goto(`${e2e.host.url}/pages/privacy/index`)
  await visible(page, '.privacy-retention').getByText(/结案后保存 3 年/).first().waitFor()
  await shoot(page, 'privacy-elder')
  await visible(page, '.privacy-page .go-my-data').first().click()
  await page.waitForURL(/\/pages\/my-data\/index/)
  await seen(page, '我的诉求（1 条）').waitFor()
  expect(page.errors).toEqual([])
})

it('the city admin sets the retention period after a 试运行 that deletes nothing', async () => {
  const page = await e2e.personPage('dev-city-admin', '/pages/me/index')
  await visible(page, '.go-retention').first().click()
  await page.waitForURL(/\/admin\/retention\/index/)
  await seen(page, '现在：结案后保存 3 年').waitFor()
  await visible(page, '.retention-preview-btn').first().click()
  await visible(page, '.retention-preview').getByText(/现在没有到期的诉求/).first().waitFor()
  await shoot(page, 'retention')
  await expectNotCutOff(page, '.retention')
  const field = visible(page, '.retention-years input, input.retention-years').first()
  await field.fill('5')
  await visible(page, '.retention-save').first().click()
  await visible(page, DIALOG).getByText(/改为保存 5 年|按结案后保存 5 年/).first().waitFor()
  await confirmModal(page, '保存')
  await seen(page, '现在：结案后保存 5 年').waitFor()
  await turnOnElderMode(page, e2e.host.url)
  await page.goto(`${e2e.host.url}/admin/retention/index`)
  await visible(page, '.screen.elder .retention-now').first().waitFor()
  await shoot(page, 'retention-elder')
  await expectNotCutOff(page, '.retention')
  expect(page.errors).toEqual([])
})
