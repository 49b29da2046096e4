import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '驿站信息',
  usingComponents: VANT,
})
