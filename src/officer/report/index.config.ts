import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '每周通报',
  enablePullDownRefresh: true,
  usingComponents: VANT,
})
