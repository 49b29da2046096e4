import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '调度通报',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
  usingComponents: VANT,
})
