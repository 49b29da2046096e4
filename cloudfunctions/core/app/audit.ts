import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { TxStore } from '../ports/store'
import type { AuditDoc } from './records'

/** One audit row (who, what, target, why or before → after), written in the change's own transaction. */
export const audit = (tx: TxStore, ports: Ports, by: string, what: AuditDoc['what'], target: string, detail: string) =>
  tx.insert<AuditDoc>(COLLECTIONS.auditLog, { _id: ports.ids.next(), at: ports.clock.now(), by, what, target, detail })
