import './client/zod-setup'
import Taro from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { watchPageLoads } from './device/tab-load'
import './app.scss'

if (process.env.TARO_ENV === 'weapp') {
  // Once per launch; an empty env id means the mini-program's default CloudBase environment.
  Taro.cloud.init({ env: process.env.TARO_APP_CLOUD_ENV || undefined, traceUser: true })
}

// H5: the tab bar follows the page that shows; a page whose code did not arrive says 网络不好 with 重试.
watchPageLoads()

function App({ children }: PropsWithChildren) {
  // children is the page being shown
  return children
}

export default App
