import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '诉求类别和时限',
  usingComponents: VANT,
})
