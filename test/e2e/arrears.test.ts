import { usccCheckChar } from '../../types/uscc'
import { confirmModal, fill, seen, setUpE2E, visible } from '../support/e2e'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * 菏薪共治 in a real browser on the H5 build, through the local host over SQLite:
 *  1. the city admin enters a 欠薪黑名单 listing from 我的 → 欠薪黑名单;
 *  2. a worker finds it under 政策 → 欠薪黑名单, searches by name, and finds nothing for another name;
 *  3. a case naming the listed employer carries the badge in the street head's inbox;
 *  4. on a registered project with open arrears, the county admin's 欠薪项目 lists it at risk with its figures
 *     and 限时化解 deadline, edits it (wage account 异常), and the list shows the change;
 *  5. the county admin exports the county's cases for the province with progress and the next cursor.
 * With HX_SHOTS=<dir>, the public list, the project list, the project form and the export are saved at 375 px,
 * normally and in 长辈模式. Needs `dist/h5`.
 */
jest.setTimeout(180_000)

const e2e = setUpE2E('arrears')
const CITY = 'dev-city-admin'
const COUNTY = 'dev-CX-county-head'
const HEAD = 'dev-CX-street-head'
const code = (first17: string) => first17 + usccCheckChar(first17)!
const USCC = code('91371700MA3D5Y7N1')
let seq = 0

const api = async (fn: string, openid: string, op: string, input: unknown) => {
  const res = await fetch(`${e2e.host.url}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `hx_dev=${openid}` },
    body: JSON.stringify({ op, input, requestId: `e2e-arrears-${String(++seq).padStart(4, '0')}` }),
  })
  const body = (await res.json()) as { ok: boolean; data?: Record<string, unknown>; error?: { message: string } }
  if (!body.ok) throw new Error(`${op} failed: ${body.error?.message}`)
  return body.data!
}

const arrearsCase = (worker: string, extra: Record<string, unknown>) =>
  api('worker', worker, 'case.submit', {
    stationId: 'st-CX-0002',
    channel: 'qr',
    category: 'wage_arrears',
    description: '工地拖欠我们几个人三个月的工资，项目部一直推。',
    workersAffected: 4,
    amountOwed: 36000,
    aboutOwnEmployer: false,
    privacy: 'open',
    contact: { name: '张三', phone: '13800000001' },
    ...extra,
  })

describe('菏薪共治', () => {
  it('the city admin lists an employer on the 欠薪黑名单', async () => {
    const page = await e2e.personPage(CITY, '/pages/me/index')
    await visible(page, '.go-blacklist-admin').first().click()
    await seen(page, '名单上还没有单位').waitFor()
    await visible(page, '.add-blacklist').first().click()
    await fill(page, '.field-bl-name', '菏泽示例劳务有限公司')
    await fill(page, '.field-bl-uscc', USCC)
    await fill(page, '.field-bl-doc', '菏人社欠黑〔2026〕3号')
    await fill(page, '.field-bl-reason', '拖欠 46 名农民工工资 120 万元，经责令限期支付逾期未支付')
    await visible(page, '.blacklist-form .panel-submit').first().click()
    await confirmModal(page, '列入')
    await seen(page, '已列入').waitFor()
    await visible(page, '.bl-row').first().waitFor()
    await shoot(page, 'blacklist-admin')
    await expect(cutOff(page, '.blacklist-admin')).resolves.toEqual([])
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('a worker finds it under 政策 → 欠薪黑名单, read-only, and searches it', async () => {
    for (const elder of [false, true]) {
      const page = await e2e.personPage('dev-worker-li', '/pages/notices/index')
      if (elder) {
        await turnOnElderMode(page, e2e.host.url)
        await page.goto(`${e2e.host.url}/pages/notices/index`)
      }
      await visible(page, '.go-blacklist').first().click()
      await seen(page, '菏泽示例劳务有限公司').waitFor()
      await seen(page, USCC).waitFor()
      await seen(page, '目前共 1 家').waitFor()
      // Nothing about who entered it.
      await expect(page.getByText('赵科长').count()).resolves.toBe(0)
      await shoot(page, `blacklist-public${elder ? '-elder' : ''}`)
      await expect(cutOff(page, '.blacklist')).resolves.toEqual([])
      await fill(page, '.field-blacklist-q', '示例劳务')
      await visible(page, '.blacklist-go').first().click()
      await seen(page, '找到 1 家').waitFor()
      await fill(page, '.field-blacklist-q', '不存在的公司')
      await visible(page, '.blacklist-go').first().click()
      await seen(page, '没有找到“不存在的公司”').waitFor()
      if (!elder) await shoot(page, 'blacklist-public-none')
      expect(page.errors).toEqual([])
      await page.context().close()
    }
  })

  it('a new case naming the listed employer shows officers the badge', async () => {
    await arrearsCase('dev-worker-zhang', { employer: { kind: 'named', name: '菏泽示例劳务有限公司' } })
    const page = await e2e.personPage(HEAD, '/officer/inbox/index')
    await visible(page, '.inbox-row .blacklist-badge').first().waitFor()
    await visible(page, '.inbox-row').first().click()
    await seen(page, /提交时该单位在欠薪黑名单上/).waitFor()
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('the county view lists a project at risk with its figures; the admin edits it', async () => {
    const officers = (await api('admin', COUNTY, 'project.form', { countyId: 'st-CX-0001' })) as { officers: Array<{ id: string; name: string }> }
    const project = (await api('admin', COUNTY, 'project.create', {
      countyId: 'st-CX-0001',
      name: '曹县城北安置房二期项目',
      contractor: '示例建工集团有限公司',
      contractorUscc: code('91371721MA3C4X8K2'),
      responsibleStationId: 'st-CX-0002',
      officerId: officers.officers[0]!.id,
      wageAccount: 'opened',
      workerCount: 120,
      startOn: '2026-03-01',
      endOn: '2027-06-30',
    })) as { id: string }
    await api('admin', COUNTY, 'project.create', { countyId: 'st-CX-0001', name: '曹县南关学校项目', contractor: '示例路桥有限公司', responsibleStationId: 'st-CX-0002' })
    await arrearsCase('dev-worker-zhang', { projectId: project.id, employer: { kind: 'named', name: '示例建工集团有限公司' } })
    await arrearsCase('dev-worker-li', { projectId: project.id, privacy: 'confidential', amountOwed: 14000, workersAffected: 2, employer: { kind: 'named', name: '示例建工集团有限公司' } })

    for (const elder of [false, true]) {
      const page = await e2e.personPage(COUNTY, '/officer/inbox/index')
      if (elder) await turnOnElderMode(page, e2e.host.url)
      await page.goto(`${e2e.host.url}/officer/inbox/index`)
      await visible(page, '.go-projects').first().click()
      await visible(page, `.project-${project.id}`).first().waitFor()
      await seen(page, '未化解欠薪 2 件 · 5 万元 · 6 人').waitFor()
      await seen(page, /限时化解：\d+月\d+日前/).waitFor()
      await shoot(page, `projects-risk${elder ? '-elder' : ''}`)
      await expect(cutOff(page, '.projects')).resolves.toEqual([])
      await visible(page, '.tab-all').first().click()
      await seen(page, '曹县南关学校项目').waitFor()
      if (!elder) await shoot(page, 'projects-all')
      await visible(page, `.project-${project.id} .edit-project`).first().click()
      await visible(page, '.field-project-name').first().waitFor()
      await shoot(page, `project-edit${elder ? '-elder' : ''}`)
      await expect(cutOff(page, '.project-edit')).resolves.toEqual([])
      if (!elder) {
        await visible(page, '.wage-account-abnormal').first().click()
        await visible(page, '.save-project').first().click()
        await seen(page, '已保存').waitFor()
        await visible(page, `.project-${project.id} .wage-account--abnormal`).first().waitFor()
      }
      expect(page.errors).toEqual([])
      await page.context().close()
    }
  })

  it('the county admin exports the county’s cases for the province, with the next cursor', async () => {
    for (const elder of [false, true]) {
      const page = await e2e.personPage(COUNTY, '/pages/me/index')
      if (elder) await turnOnElderMode(page, e2e.host.url)
      await page.goto(`${e2e.host.url}/pages/me/index`)
      await visible(page, '.go-export').first().click()
      await visible(page, '.run-export').first().click()
      await visible(page, '.export-done').first().waitFor()
      await seen(page, /导出 \d+ 条诉求/).waitFor()
      await visible(page, '.next-cursor').first().waitFor()
      await shoot(page, `export${elder ? '-elder' : ''}`)
      await expect(cutOff(page, '.export')).resolves.toEqual([])
      if (!elder) {
        // Again from the cursor it kept: nothing has changed since.
        await visible(page, '.run-export').first().click()
        await seen(page, '上次以来没有新的变化').waitFor()
      }
      expect(page.errors).toEqual([])
      await page.context().close()
    }
  })
})
