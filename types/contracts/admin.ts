import { z } from 'zod'
import { defineContract } from '../contract'
import { StationSummary } from './station'

export const TreeNode: z.ZodType<TreeNodeT> = z.lazy(() =>
  StationSummary.extend({ officerCount: z.number(), children: z.array(TreeNode) }),
)
export type TreeNodeT = z.infer<typeof StationSummary> & { officerCount: number; children: TreeNodeT[] }

/** The station tree under the admin's own station (city admins see all nine counties). */
export const getNetworkTree = defineContract({
  fn: 'admin',
  op: 'network.tree',
  audience: 'admin',
  input: z.strictObject({}),
  output: z.object({ roots: z.array(TreeNode) }),
})

/** The operations of this file by name (handlers/admin.handlers.ts has one handler for each). */
export const ADMIN_CONTRACTS = { getNetworkTree } as const
