import { cloudMain } from '../cloud/main'

/** CloudBase entry of the `sweep` function: the caller comes from the WeChat context, never the event. */
export const main = cloudMain('sweep')
