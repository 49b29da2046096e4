import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '满意度测评总览',
  enablePullDownRefresh: true,
  usingComponents: VANT,
})
