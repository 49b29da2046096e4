import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '常用回复',
  enablePullDownRefresh: true,
  usingComponents: VANT,
})
