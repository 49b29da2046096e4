import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '认领诉求',
  usingComponents: VANT,
})
