import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '政策详情',
  enablePullDownRefresh: true,
  enableShareAppMessage: true,
  usingComponents: VANT,
})
