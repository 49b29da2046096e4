import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '省平台数据导出',
  usingComponents: VANT,
})
