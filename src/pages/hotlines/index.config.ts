import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '打哪个电话',
  usingComponents: VANT,
})
