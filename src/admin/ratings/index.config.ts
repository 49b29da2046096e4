import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '星级驿站',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
  usingComponents: VANT,
})
