import { cloudMain } from '../core/adapters/cloudbase/runtime'

/** CloudBase entry of the `sweep` function: the caller comes from the WeChat context, never the event. */
export const main = cloudMain('sweep')
