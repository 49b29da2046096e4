/** Outbound messages (WeChat subscribe messages in the cloud; a log locally), delivered from the outbox. */
export interface OutboundMessage {
  kind: 'case.new' | 'case.accepted' | 'case.replied' | 'case.resolved' | 'case.warning' | 'case.escalated' | 'case.transfer'
  /** Recipient openid. */
  to: string
  caseId: string
  data: Record<string, string>
}

export type DeliveryResult = { ok: true } | { ok: false; final: boolean; reason: string }

export interface Notifier {
  send(message: OutboundMessage): Promise<DeliveryResult>
}
