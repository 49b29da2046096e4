import { Text, View } from '@tarojs/components'
import type { Dispatch, SetStateAction } from 'react'
import { useState } from 'react'
import { MEDIA_LIMITS, MEDIA_WORDS } from '../../types/contracts/media'
import { MAX_NOTICE_ATTACHMENTS, NoticeAttachmentInput, uploadNoticeFile, type NoticeAttachment } from '../../types/contracts/policy-notices'
import { textLimits } from '../client/limits'
import { uploadFile } from '../client/upload'
import { pickDocument, pickPhotos, releasePreview } from '../device/media'
import { openFile } from '../device/open-file'
import { confirm, Field, toast } from '../ui'
import { PrivacyConsent } from './privacy-consent'
import './notices.scss'

const KIND_WORDS = { document: 'PDF', photo: '图片' } as const

/** A notice's attachments as a reader sees them: a tap opens one (the phone's viewer; a download in a browser). */
export function NoticeFiles(props: { items: NoticeAttachment[] }) {
  if (!props.items.length) return null
  return (
    <View className='notice-files'>
      <View className='notice-files__title'>附件</View>
      {props.items.map((a) => (
        <View
          key={a.id}
          className={`notice-file notice-file-${a.kind}`}
          onClick={() => void openFile(a.url, a.kind === 'document' && !/\.pdf$/i.test(a.name) ? `${a.name}.pdf` : a.name, a.kind).catch(() => toast('没有打开，请稍后再试'))}
        >
          <Text className='notice-file__kind'>{KIND_WORDS[a.kind]}</Text>
          <Text className='notice-file__name'>{a.name}</Text>
          <Text className='notice-file__open'>打开</Text>
        </View>
      ))}
    </View>
  )
}

/** One attachment on the editor: uploaded (an id), on its way, or waiting for 重试. */
export interface NoticeFileItem {
  key: string
  kind: 'photo' | 'document'
  name: string
  state: 'uploading' | 'done' | 'failed'
  progress: number
  id?: string
  bytes?: Uint8Array
  thumb?: Uint8Array
}

export const noticeFilesOf = (items: NoticeAttachment[]): NoticeFileItem[] => items.map((a) => ({ key: a.id, kind: a.kind, name: a.name, state: 'done', progress: 1, id: a.id }))
export const savedFiles = (items: readonly NoticeFileItem[]) => items.filter((i) => i.state === 'done' && i.id).map((i) => ({ id: i.id!, name: i.name.trim() }))
export const filesBusy = (items: readonly NoticeFileItem[]) => items.some((i) => i.state === 'uploading')

const NAME = textLimits(NoticeAttachmentInput.shape.name)
let seq = 0

/**
 * 附件 on the notice editor: 添加 PDF and 添加图片, each uploading at once through the checked upload with its
 * progress; the name readers see can be changed; × takes one off (confirmed). The page keeps the list and
 * sends `savedFiles(items)`.
 */
export function NoticeFilesEdit(props: { value: NoticeFileItem[]; onChange: Dispatch<SetStateAction<NoticeFileItem[]>>; error?: string }) {
  const { value, onChange } = props
  const [error, setError] = useState<string>()
  const patch = (key: string, p: Partial<NoticeFileItem>) => onChange((list) => list.map((i) => (i.key === key ? { ...i, ...p } : i)))

  async function send(item: NoticeFileItem) {
    patch(item.key, { state: 'uploading', progress: 0 })
    const r = await uploadFile(item.kind, item.bytes!, item.thumb, (f) => patch(item.key, { progress: f }), uploadNoticeFile)
    if (r.ok) return patch(item.key, { state: 'done', progress: 1, id: r.data.id, bytes: undefined, thumb: undefined })
    if (r.error.code === 'NETWORK_FAILED') {
      patch(item.key, { state: 'failed' })
      return setError('网络不好，没传上去的可以点 重试')
    }
    onChange((list) => list.filter((i) => i.key !== item.key))
    setError(r.error.message)
  }

  function add(kind: NoticeFileItem['kind'], name: string, bytes: Uint8Array, thumb?: Uint8Array) {
    if (bytes.length > MEDIA_LIMITS.fileBytes) return setError(kind === 'document' ? MEDIA_WORDS.documentTooLarge : MEDIA_WORDS.photoTooLarge)
    const item: NoticeFileItem = { key: `f${Date.now().toString(36)}${++seq}`, kind, name: name.slice(0, NAME.max), state: 'uploading', progress: 0, bytes, ...(thumb ? { thumb } : {}) }
    onChange((list) => [...list, item])
    void send(item)
  }

  const full = value.length >= MAX_NOTICE_ATTACHMENTS
  async function addDocument() {
    setError(undefined)
    if (full) return setError(MEDIA_WORDS.tooManyAttachments)
    const d = await pickDocument()
    if (d) add('document', d.name, d.bytes)
  }
  async function addPicture() {
    setError(undefined)
    if (full) return setError(MEDIA_WORDS.tooManyAttachments)
    const [p] = await pickPhotos(1)
    if (!p) return
    releasePreview(p.preview)
    add('photo', `图片 ${value.filter((i) => i.kind === 'photo').length + 1}`, p.bytes, p.thumb)
  }
  async function remove(item: NoticeFileItem) {
    const ok = await confirm({ title: `去掉附件“${item.name}”？`, content: '保存后读者就看不到它了；修改记录里还留着它的名字。', confirmText: '去掉', cancelText: '不去掉' })
    if (ok) onChange((list) => list.filter((i) => i.key !== item.key))
  }

  return (
    <View className='notice-files-edit'>
      {value.map((i) => (
        <View key={i.key} className={`nfe-item nfe-item--${i.state} nfe-item-${i.kind}`}>
          <View className='nfe-item__top'>
            <Text className='notice-file__kind'>{KIND_WORDS[i.kind]}</Text>
            <Text className='nfe-item__state'>{i.state === 'uploading' ? `上传 ${Math.round(i.progress * 100)}%` : i.state === 'failed' ? '没传上去' : '已上传'}</Text>
            {i.state === 'failed' ? (
              <Text className='nfe-item__retry' onClick={() => void send(i)}>
                重试
              </Text>
            ) : null}
            <Text className='nfe-item__remove' onClick={() => void remove(i)}>
              ×
            </Text>
          </View>
          {i.state === 'uploading' ? (
            <View className='nfe-item__bar'>
              <View className='nfe-item__fill' style={{ width: `${Math.round(i.progress * 100)}%` }} />
            </View>
          ) : null}
          <Field label='名字' value={i.name} maxlength={NAME.max} onChange={(v) => patch(i.key, { name: v })} className='field-attachment-name' wrap />
        </View>
      ))}
      <View className='nfe-add'>
        <View className='nfe-add__button add-document' onClick={() => void addDocument()}>
          ＋ 添加 PDF
        </View>
        <View className='nfe-add__button add-picture' onClick={() => void addPicture()}>
          ＋ 添加图片
        </View>
      </View>
      <View className='nfe-hint'>
        最多 {MAX_NOTICE_ATTACHMENTS} 个，每个不超过 10MB。PDF 里不能有脚本或表单；图片会去掉拍摄地点等信息。
      </View>
      {error || props.error ? <View className='nfe-error text-danger'>{error || props.error}</View> : null}
      <PrivacyConsent />
    </View>
  )
}
