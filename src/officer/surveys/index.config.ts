import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '满意度测评',
  enablePullDownRefresh: true,
  usingComponents: VANT,
})
