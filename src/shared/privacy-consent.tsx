import { Button as TaroButton, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { go, ROUTES } from '../device/nav'
import { AGREE_PRIVACY_BUTTON, onPrivacyNeeded } from '../device/privacy'
import './media.scss'

/**
 * The mini-program's own consent before the camera, album or microphone is first used (WeChat's privacy
 * check): what will be done with the photos and recordings, the privacy policy one tap away, 不同意 and 同意.
 * Nothing in the H5 build.
 */
export function PrivacyConsent() {
  const [answer, setAnswer] = useState<((agreed: boolean) => void) | null>(null)

  useEffect(() => {
    onPrivacyNeeded((a) => setAnswer(() => a))
  }, [])

  if (!answer) return null
  const reply = (agreed: boolean) => {
    answer(agreed)
    setAnswer(null)
  }
  return (
    <View className='privacy-consent'>
      <View className='privacy-consent__box'>
        <View className='privacy-consent__title'>使用相机、相册和麦克风前</View>
        <View className='privacy-consent__text'>
          拍照片、选照片和录音，需要你先同意《菏谐驿站隐私政策》。照片会去掉拍摄地点等信息，只给办理你这条诉求的驿站工作人员看；没提交的照片一天后自动删除。
        </View>
        <Text className='privacy-consent__link' onClick={() => go(ROUTES.privacy)}>
          查看《菏谐驿站隐私政策》
        </Text>
        <View className='privacy-consent__buttons'>
          <TaroButton className='privacy-consent__no' onClick={() => reply(false)}>
            不同意
          </TaroButton>
          <TaroButton id={AGREE_PRIVACY_BUTTON} className='privacy-consent__yes' openType='agreePrivacyAuthorization' onAgreePrivacyAuthorization={() => reply(true)}>
            同意
          </TaroButton>
        </View>
      </View>
    </View>
  )
}
