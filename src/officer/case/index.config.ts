import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '诉求详情',
  enablePullDownRefresh: true,
  usingComponents: VANT,
})
