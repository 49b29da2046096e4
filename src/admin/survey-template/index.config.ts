import { VANT } from '../../ui/vant'

export default definePageConfig({
  navigationBarTitleText: '问卷和薄弱环节线',
  enablePullDownRefresh: true,
  usingComponents: VANT,
})
