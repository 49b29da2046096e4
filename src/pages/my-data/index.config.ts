import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '我的数据',
  enablePullDownRefresh: true,
  usingComponents: VANT,
})
