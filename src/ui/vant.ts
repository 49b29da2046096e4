/**
 * usingComponents for page configs (index.config.ts). Every page is two folders below src/, so the path
 * into node_modules is the same for all; Taro rewrites it to /npm/@vant/weapp/dist/<name>/index and
 * copies the component with its own dependencies. A package-name path would fail silently.
 *
 * Every page declares the whole (small) set: the adapters nest (a list state renders buttons, skeletons
 * and loaders), and a component a page forgot to declare renders nothing in weapp without any error.
 */
const DIST = '../../../node_modules/@vant/weapp/dist/'

export const VANT_NAMES = ['button', 'cell', 'cell-group', 'field', 'tag', 'loading', 'skeleton', 'switch', 'rate'] as const

export const VANT: Record<string, string> = Object.fromEntries(VANT_NAMES.map((n) => [`van-${n}`, `${DIST}${n}/index`]))
