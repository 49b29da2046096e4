import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '驿站海报',
  enablePullDownRefresh: true,
  usingComponents: VANT,
})
