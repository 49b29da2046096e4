import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '欠薪黑名单',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
  usingComponents: VANT,
})
