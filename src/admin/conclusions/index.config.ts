import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '办结结论',
  usingComponents: VANT,
})
