import Taro from '@tarojs/taro'

/**
 * WeChat's privacy check (2023 rules): the first time the mini-program asks for the camera, the album or the
 * microphone, WeChat holds that call and asks the mini-program to show its own consent (onNeedPrivacyAuthorization);
 * the call goes on once the person taps an agree button with `open-type="agreePrivacyAuthorization"`, and fails
 * when they decline. The H5 build has no such check.
 */

/** The id of the agree button: WeChat checks that this very button was tapped. */
export const AGREE_PRIVACY_BUTTON = 'hx-agree-privacy'

declare const wx: unknown

type Resolve = (o: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void

/**
 * Shows the page's consent whenever WeChat asks for it; `show` gets the answer to give. One listener for the
 * whole mini-program (the latest page's), which is how WeChat keeps it.
 */
export function onPrivacyNeeded(show: (answer: (agreed: boolean) => void) => void): void {
  if (process.env.TARO_ENV !== 'weapp') return
  type Api = { onNeedPrivacyAuthorization?: (l: (resolve: Resolve) => void) => void }
  // Taro proxies the wx APIs it knows of; this one is newer than some Taro versions, so wx's own is the fallback.
  const api = (Taro as unknown as Api).onNeedPrivacyAuthorization ?? (typeof wx !== 'undefined' ? (wx as unknown as Api).onNeedPrivacyAuthorization?.bind(wx) : undefined)
  if (typeof api !== 'function') return
  api((resolve) => {
    resolve({ event: 'exposureAuthorization' })
    show((agreed) => resolve(agreed ? { event: 'agree', buttonId: AGREE_PRIVACY_BUTTON } : { event: 'disagree' }))
  })
}
