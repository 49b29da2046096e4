import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '驿站网络',
  enablePullDownRefresh: true,
  usingComponents: VANT,
})
