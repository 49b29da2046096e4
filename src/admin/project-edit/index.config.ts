import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '工程项目',
  usingComponents: VANT,
})
