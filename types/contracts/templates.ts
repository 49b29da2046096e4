import { z } from 'zod'
import { defineContract } from '../contract'
import { Id } from '../values'

/**
 * Reply templates (常用回复, issue §4): each station keeps its own, and the city station's are offered at every
 * station (city-wide, kept by city admins). An officer inserts one into the reply box and edits it before
 * sending; a template is never sent by itself.
 */

const Title = z.string().trim().min(2, '标题至少 2 个字').max(20, '标题最多 20 个字')
/** As long as a reply may be (case.reply), so an inserted template always fits the reply box. */
const Body = z.string().trim().min(2, '请写明回复内容').max(1000, '回复内容最多 1000 个字')

export const TemplateItem = z.object({
  id: Id,
  title: z.string(),
  text: z.string(),
  /** The city station's: offered at every station. */
  cityWide: z.boolean(),
})
export type TemplateItem = z.infer<typeof TemplateItem>

/** The templates the reply box of this case offers: the owning station's own, then the city-wide ones. */
export const templatesForCase = defineContract({
  fn: 'officer',
  op: 'template.forCase',
  audience: 'officer',
  caseAccess: 'reply',
  input: z.strictObject({ id: Id }),
  output: z.object({ items: z.array(TemplateItem) }),
})

const ManagedTemplate = TemplateItem.extend({ version: z.number(), updatedLabel: z.string() })

/** One station's own templates, for the page that edits them (heads of the station and admins over it). */
export const listTemplates = defineContract({
  fn: 'officer',
  op: 'template.list',
  audience: 'officer',
  stationAccess: { access: 'manage_templates', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id }),
  output: z.object({ stationName: z.string(), cityWide: z.boolean(), max: z.number(), items: z.array(ManagedTemplate) }),
})

/** Adds a template (no `id`) or changes one (its `id` and the version read). */
export const saveTemplate = defineContract({
  fn: 'officer',
  op: 'template.save',
  audience: 'officer',
  stationAccess: { access: 'manage_templates', from: { field: 'stationId' } },
  idempotent: true,
  input: z.strictObject({ stationId: Id, id: Id.optional(), version: z.number().int().min(1).optional(), title: Title, text: Body }),
  output: ManagedTemplate,
})

export const removeTemplate = defineContract({
  fn: 'officer',
  op: 'template.remove',
  audience: 'officer',
  stationAccess: { access: 'manage_templates', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, id: Id, version: z.number().int().min(1) }),
  output: z.object({ removed: z.boolean() }),
})

/** The operations of this file by name (handlers/templates.handlers.ts has one handler for each). */
export const TEMPLATE_CONTRACTS = { templatesForCase, listTemplates, saveTemplate, removeTemplate } as const
