import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '驿站成员',
  enablePullDownRefresh: true,
  usingComponents: VANT,
})
