import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '时限设置',
  usingComponents: VANT,
})
