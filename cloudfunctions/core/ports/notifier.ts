import type { NoticeKind } from '../../../types/notices'

/** Outbound messages (WeChat subscribe messages in the cloud; a log locally), delivered from the outbox. */
export interface OutboundMessage {
  kind: NoticeKind
  /** Recipient openid. */
  to: string
  caseId: string
  data: Record<string, string>
}

export type DeliveryResult = { ok: true } | { ok: false; final: boolean; reason: string }

export interface Notifier {
  send(message: OutboundMessage): Promise<DeliveryResult>
}
