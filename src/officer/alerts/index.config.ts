import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '聚集预警',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
  usingComponents: VANT,
})
