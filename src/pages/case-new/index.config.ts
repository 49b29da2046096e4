import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '反映诉求',
  usingComponents: VANT,
})
