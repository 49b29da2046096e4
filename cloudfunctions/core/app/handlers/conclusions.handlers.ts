import { CONCLUSION_CONTRACTS, listConclusions, setConclusions } from '../../../../types/contracts/conclusions'
import { AppError } from '../../../../types/errors'
import { WAGE_CATEGORIES } from '../../domain/conclusions'
import { COLLECTIONS } from '../../ports/collections'
import { audit } from '../audit'
import { conclusionsOf, CONCLUSIONS_DOC_ID, readConclusionsDoc, type ConclusionsDoc } from '../conclusions'
import { defineHandler, type HandlersOf } from '../handler'

const view = (doc: ConclusionsDoc | null) => ({ version: doc?._v ?? 0, items: conclusionsOf(doc), wageCategories: [...WAGE_CATEGORIES] })

const listConclusionsHandler = defineHandler(listConclusions, async (_input, { ports }) => view(await readConclusionsDoc(ports.store)))

/** Keeps every key already in the list (the ledger counts by it); new items get the next free key. */
const setConclusionsHandler = defineHandler(setConclusions, async ({ version, items }, ctx) => {
  const { store, clock } = ctx.ports
  const doc = await readConclusionsDoc(store)
  if ((doc?._v ?? 0) !== version) throw new AppError('STORE_CONFLICT')
  const current = conclusionsOf(doc)
  const labels = items.map((i) => i.label)
  const twice = labels.find((l, n) => labels.indexOf(l) !== n)
  if (twice) throw new AppError('REQUEST_INVALID', `“${twice}”写了两次，请改一个`, ['items'])
  if (!items.some((i) => i.active)) throw new AppError('REQUEST_INVALID', '至少要启用一个办结结论', ['items'])
  const known = new Set(current.map((i) => i.key))
  const stray = items.find((i) => i.key !== undefined && !known.has(i.key))
  if (stray) throw new AppError('REQUEST_INVALID', '列表刚刚被别人改过，请刷新后再试', ['items'])
  const kept = new Set(items.flatMap((i) => (i.key ? [i.key] : [])))
  const dropped = current.find((i) => !kept.has(i.key))
  if (dropped) throw new AppError('REQUEST_INVALID', `“${dropped.label}”已经用过，不能删除，可以停用`, ['items'])
  let n = current.length
  const used = new Set(known)
  const next = items.map((i) => {
    let key = i.key
    while (!key || (!i.key && used.has(key))) key = `c${++n}`
    used.add(key)
    return { key, label: i.label, needsNote: i.needsNote, active: i.active }
  })
  const before = new Map(current.map((i) => [i.key, i]))
  const changes = next.flatMap((i) => {
    const was = before.get(i.key)
    if (!was) return [`新增“${i.label}”`]
    const out: string[] = []
    if (was.label !== i.label) out.push(`“${was.label}”改为“${i.label}”`)
    if (was.active !== i.active) out.push(`${i.active ? '启用' : '停用'}“${i.label}”`)
    if (was.needsNote !== i.needsNote) out.push(`“${i.label}”${i.needsNote ? '需要' : '不需要'}写说明`)
    return out
  })
  const fields = { items: next, updatedAt: clock.now(), updatedBy: ctx.officer!.doc._id }
  const saved = await store.transaction(async (tx) => {
    const written = doc
      ? await tx.update<ConclusionsDoc>(COLLECTIONS.settings, CONCLUSIONS_DOC_ID, version, fields)
      : await tx.insert<ConclusionsDoc>(COLLECTIONS.settings, { _id: CONCLUSIONS_DOC_ID, ...fields })
    await audit(tx, ctx.ports, ctx.officer!.doc._id, 'conclusions.set', CONCLUSIONS_DOC_ID, changes.length ? changes.join('；') : '没有改动')
    return written
  })
  return view(saved)
})

export const CONCLUSION_HANDLERS: HandlersOf<typeof CONCLUSION_CONTRACTS> = {
  listConclusions: listConclusionsHandler,
  setConclusions: setConclusionsHandler,
}
