import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '绑定工作人员',
  usingComponents: VANT,
})
