import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '诉求认领凭条',
  usingComponents: VANT,
})
