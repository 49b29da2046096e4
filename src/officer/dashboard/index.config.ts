import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '数据看板',
  enablePullDownRefresh: true,
  usingComponents: VANT,
})
