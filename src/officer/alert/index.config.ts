import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '聚集预警详情',
  enablePullDownRefresh: true,
  usingComponents: VANT,
})
