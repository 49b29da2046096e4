import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '测评结果',
  enablePullDownRefresh: true,
  usingComponents: VANT,
})
