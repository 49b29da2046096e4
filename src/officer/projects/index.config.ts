import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '欠薪项目',
  enablePullDownRefresh: true,
  usingComponents: VANT,
})
