import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '选择驿站',
  usingComponents: VANT,
})
