import { seen, setUpE2E, visible } from '../support/e2e'

/**
 * 访问记录 in a real browser on the H5 build, through the local host over SQLite (D4): a worker files an open
 * case and a street head opens its detail (both straight through the functions); the city admin then goes
 * 我的 → 查看访问记录 and sees who saw the worker's name and phone, on which case. A worker has no such link.
 * Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(120_000)

const e2e = setUpE2E('access-log')

const post = async <T>(fn: string, openid: string, op: string, input: object, requestId: string): Promise<T> => {
  const res = await fetch(`${e2e.host.url}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `hx_dev=${openid}` },
    body: JSON.stringify({ op, input, requestId }),
  })
  const body = (await res.json()) as { ok: boolean; data?: T; error?: unknown }
  if (!body.ok || !body.data) throw new Error(`${op} failed: ${JSON.stringify(body.error)}`)
  return body.data
}

it('the city admin sees, under 我的 → 查看访问记录, that the street head saw the worker’s identity on the case', async () => {
  const filed = await post<{ id: string; caseNo: string }>(
    'worker',
    'dev-worker-zhang',
    'case.submit',
    {
      stationId: 'st-CX-0002',
      channel: 'qr',
      category: 'pay',
      description: '饭店两个月的工资一直没发，老板说等生意好了再说。',
      workersAffected: 1,
      aboutOwnEmployer: false,
      employer: { kind: 'named', name: '县城东关饭店' },
      privacy: 'open',
      contact: { name: '张三', phone: '13800000001' },
    },
    'e2e-access-log-0001',
  )
  // The officer's detail carries the worker's name and phone, so it is logged.
  const detail = await post<{ caseNo: string }>('officer', 'dev-CX-street-head', 'case.detail', { id: filed.id }, 'e2e-access-log-0002')
  expect(detail.caseNo).toBe(filed.caseNo)

  const page = await e2e.personPage('dev-city-admin', '/pages/me/index')
  await visible(page, '.go-admin').first().waitFor()
  await visible(page, '.go-access-log').first().click()
  await seen(page, '每次查看职工的姓名和电话都会记录在这里，用于核查有没有泄露职工信息').waitFor()

  const row = visible(page, '.log-row').filter({ hasText: filed.caseNo }).first()
  await row.waitFor()
  const rowText = await row.innerText()
  expect(rowText).toContain('曹城街道王所长')
  expect(rowText).toContain('曹城街道驿站（示例）')
  expect(rowText).toContain('查看了职工姓名和电话')
  // Newest first: the only view so far is the top row.
  await expect(visible(page, '.log-row').first().innerText()).resolves.toContain(filed.caseNo)
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('a worker has no 查看访问记录 link on 我的', async () => {
  const page = await e2e.personPage('dev-worker-zhang', '/pages/me/index')
  await visible(page, '.go-bind').first().waitFor()
  expect(await visible(page, '.go-access-log').count()).toBe(0)
  expect(page.errors).toEqual([])
  await page.context().close()
})
