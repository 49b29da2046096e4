import './client/zod-setup'
import Taro from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import './app.scss'

if (process.env.TARO_ENV === 'weapp') {
  // Once per launch; an empty env id means the mini-program's default CloudBase environment.
  Taro.cloud.init({ env: process.env.TARO_APP_CLOUD_ENV || undefined, traceUser: true })
}

function App({ children }: PropsWithChildren) {
  // children is the page being shown
  return children
}

export default App
