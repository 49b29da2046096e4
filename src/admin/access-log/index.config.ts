import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '访问记录',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
  usingComponents: VANT,
})
