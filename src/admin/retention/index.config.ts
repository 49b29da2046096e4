import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '数据保存期限',
  enablePullDownRefresh: true,
  usingComponents: VANT,
})
