import { View } from '@tarojs/components'
import Button from '../Button'
import './index.scss'

export interface EmptyProps {
  /** What is missing, in one short sentence. */
  text: string
  /** The next step, as a second line. */
  hint?: string
  action?: { text: string; onClick: () => void }
  className?: string
}

/** The same in both builds: a drawing (inline, nothing fetched), a few lines of text and the next step. */
export default function Empty(props: EmptyProps) {
  return (
    <View className={`ui-empty ${props.className ?? ''}`}>
      <View className='ui-empty__icon' />
      <View className='ui-empty__text'>{props.text}</View>
      {props.hint ? <View className='ui-empty__hint'>{props.hint}</View> : null}
      {props.action ? (
        <View className='ui-empty__action'>
          <Button type='primary' onClick={props.action.onClick}>
            {props.action.text}
          </Button>
        </View>
      ) : null}
    </View>
  )
}
