import { listTemplates, removeTemplate, saveTemplate, TEMPLATE_CONTRACTS, templatesForCase } from '../../../../types/contracts/templates'
import { AppError } from '../../../../types/errors'
import { COLLECTIONS } from '../../ports/collections'
import type { Store } from '../../ports/store'
import { defineHandler, type HandlersOf } from '../handler'
import type { ReplyTemplateDoc } from '../records'
import { timeLabel } from '../time'

/** A station keeps at most this many: the picker stays one short list. */
export const MAX_TEMPLATES = 50

const ofStation = async (store: Store, stationId: string) =>
  (await store.find<ReplyTemplateDoc>(COLLECTIONS.replyTemplates, { where: { stationId }, orderBy: { field: 'createdAt', dir: 'asc' }, limit: MAX_TEMPLATES })).items

const item = (t: ReplyTemplateDoc, cityId: string | undefined) => ({ id: t._id, title: t.title, text: t.text, cityWide: t.stationId === cityId })
const managed = (t: ReplyTemplateDoc, cityWide: boolean) => ({ ...item(t, cityWide ? t.stationId : undefined), version: t._v, updatedLabel: timeLabel(t.updatedAt) })

/** The owning station's templates, then the city station's (the top of the owner's path). */
const templatesForCaseHandler = defineHandler(templatesForCase, async (_input, { ports, caseDoc }) => {
  const c = caseDoc!
  const cityId = c.ownerPath[0]
  const own = await ofStation(ports.store, c.ownerStationId)
  const city = cityId && cityId !== c.ownerStationId ? await ofStation(ports.store, cityId) : []
  return { items: [...own, ...city].map((t) => item(t, cityId)) }
})

const listTemplatesHandler = defineHandler(listTemplates, async ({ stationId }, { ports, station }) => {
  const cityWide = station!.kind === 'city'
  return { stationName: station!.name, cityWide, max: MAX_TEMPLATES, items: (await ofStation(ports.store, stationId)).map((t) => managed(t, cityWide)) }
})

/** The template this station has under that id, with the version the page read; else not found or a conflict. */
const mine = async (store: Store, stationId: string, id: string, version: number) => {
  const t = await store.get<ReplyTemplateDoc>(COLLECTIONS.replyTemplates, id)
  if (!t || t.stationId !== stationId) throw new AppError('TEMPLATE_NOT_FOUND')
  if (t._v !== version) throw new AppError('STORE_CONFLICT')
  return t
}

const saveTemplateHandler = defineHandler(saveTemplate, async (input, ctx) => {
  const { store, clock, ids } = ctx.ports
  const now = clock.now()
  const cityWide = ctx.station!.kind === 'city'
  if (input.id) {
    if (input.version === undefined) throw new AppError('REQUEST_INVALID', undefined, ['version'])
    await mine(store, input.stationId, input.id, input.version)
    return store.transaction(async (tx) => {
      const saved = await tx.update<ReplyTemplateDoc>(COLLECTIONS.replyTemplates, input.id!, input.version!, { title: input.title, text: input.text, updatedAt: now })
      const view = managed(saved, cityWide)
      await ctx.remember(tx, view)
      return view
    })
  }
  if ((await store.count(COLLECTIONS.replyTemplates, { stationId: input.stationId })) >= MAX_TEMPLATES) throw new AppError('TEMPLATE_LIMIT')
  return store.transaction(async (tx) => {
    const saved = await tx.insert<ReplyTemplateDoc>(COLLECTIONS.replyTemplates, {
      _id: ids.next(),
      stationId: input.stationId,
      title: input.title,
      text: input.text,
      createdBy: ctx.officer!.doc._id,
      createdAt: now,
      updatedAt: now,
    })
    const view = managed(saved, cityWide)
    await ctx.remember(tx, view)
    return view
  })
})

const removeTemplateHandler = defineHandler(removeTemplate, async ({ stationId, id, version }, { ports }) => {
  await mine(ports.store, stationId, id, version)
  await ports.store.remove(COLLECTIONS.replyTemplates, id, version)
  return { removed: true }
})

export const TEMPLATE_HANDLERS: HandlersOf<typeof TEMPLATE_CONTRACTS> = {
  templatesForCase: templatesForCaseHandler,
  listTemplates: listTemplatesHandler,
  saveTemplate: saveTemplateHandler,
  removeTemplate: removeTemplateHandler,
}
