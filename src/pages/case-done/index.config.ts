import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '已提交',
  usingComponents: VANT,
})
