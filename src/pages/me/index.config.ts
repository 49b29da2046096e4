import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '我的',
  usingComponents: VANT,
})
