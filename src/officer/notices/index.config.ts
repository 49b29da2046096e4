import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '政策宣传',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
  usingComponents: VANT,
})
