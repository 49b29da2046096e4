import { cloudMain } from '../cloud/main'

/** CloudBase entry of the `admin` function: the caller comes from the WeChat context, never the event. */
export const main = cloudMain('admin')
