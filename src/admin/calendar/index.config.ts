import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '节假日安排',
  usingComponents: VANT,
})
