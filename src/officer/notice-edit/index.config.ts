import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '编辑政策',
  usingComponents: VANT,
})
