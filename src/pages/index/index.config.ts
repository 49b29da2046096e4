import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '菏谐驿站',
  enablePullDownRefresh: true,
  enableShareAppMessage: true,
  usingComponents: VANT,
})
