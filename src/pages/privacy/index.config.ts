import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '隐私政策',
  usingComponents: VANT,
})
