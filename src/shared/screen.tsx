import { useElderMode } from '../device/prefs'
import UiScreen, { type ScreenProps } from '../ui/Screen'

/** The root of every page: the UI's Screen with this phone's 长辈模式 setting (follows the switch at once). */
export function Screen(props: Omit<ScreenProps, 'elder'>) {
  const elder = useElderMode()
  return <UiScreen {...props} elder={elder} />
}
