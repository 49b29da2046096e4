import { TEXT_VERDICT_WAIT_MS } from '../../cloudfunctions/core/app/content-safety'
import type { CaseDoc, ContentCheckDoc, ContentVerdictDoc, OfficerDoc } from '../../cloudfunctions/core/app/records'
import type { ContentCheck } from '../../cloudfunctions/core/ports'
import type { ContentVerdict } from '../../cloudfunctions/core/ports/content-check'
import type { Store, TxStore } from '../../cloudfunctions/core/ports/store'
import { AppError } from '../../types/errors'
import { fileAssistedCase, getCaseDetail, runSweep } from '../../types/contracts'
import { onBothStores } from '../support/both-stores'
import { verdictsOf } from '../support/content-checks'
import { expectOk, submitInput, WORKER, type Harness } from '../support/harness'

/**
 * A filing's words' verdict written in its own transaction when it is in before the transaction starts (ADR 0054):
 * the check is started before the filing's reads; a verdict in by TEXT_VERDICT_WAIT_MS is written with the case,
 * the same verdict event the after-commit path writes, and nothing after; a slower check or a failed one is
 * recorded after the commit, as before. A fake checker answers when told to.
 */

const OWNER = 'dev-CX-street-head'
const MINUTE = 60_000

/** How the fake checker answers the next texts: after how long, with what (or failing). */
let answer: { afterMs: number; suggest: ContentVerdict } | { afterMs: number; fails: true } = { afterMs: 0, suggest: 'pass' }
/** Each text check asked: by whom, when, and when it answered. */
let asked: Array<{ openid: string; at: number; answeredAt?: number }> = []

const fakeCheck = (): ContentCheck => ({
  text: ({ openid }) => {
    const call: (typeof asked)[number] = { openid, at: Date.now() }
    asked.push(call)
    const how = answer
    return new Promise((resolve, reject) =>
      setTimeout(() => {
        call.answeredAt = Date.now()
        if ('fails' in how) reject(new TypeError('socket hang up'))
        else resolve({ suggest: how.suggest, label: how.suggest === 'pass' ? 100 : 20001, parts: 1 })
      }, how.afterMs),
    )
  },
  media: async () => ({ skipped: 'none' }),
})

interface Written {
  in: 'transaction' | 'store'
  collection: string
  id: string
}

/**
 * Watches what the store is asked to write of content checks (check rows, verdict events): inside a transaction or
 * outside one, and when each transaction attempt starts. `conflictOnce` fails the first attempt that writes a
 * verdict event with a write conflict after its function ran, as the store's commit would, and runs it again.
 */
const watch = (store: Store, options: { conflictOnce?: boolean } = {}) => {
  const written: Written[] = []
  const attempts: number[] = []
  const original = { insert: store.insert, insertMany: store.insertMany, transaction: store.transaction }
  const ofChecks = (collection: string, doc: { _id: string; kind?: unknown }) => collection === 'content_checks' || (collection === 'case_events' && doc.kind === 'content_verdict')
  const note = (where: Written['in'], collection: string, docs: ReadonlyArray<{ _id: string; kind?: unknown }>) => {
    for (const d of docs) if (ofChecks(collection, d)) written.push({ in: where, collection, id: d._id })
  }
  let conflicts = options.conflictOnce ? 1 : 0
  let ours = false
  store.insert = ((collection: string, doc: { _id: string }) => {
    note('store', collection, [doc])
    return original.insert.call(store, collection, doc as never)
  }) as Store['insert']
  store.insertMany = ((collection: string, docs: Array<{ _id: string }>) => {
    note('store', collection, docs)
    return original.insertMany.call(store, collection, docs as never)
  }) as Store['insertMany']
  const attempt = <R>(fn: (tx: TxStore) => Promise<R>) =>
    original.transaction.call(store, async (tx: TxStore) => {
      attempts.push(Date.now())
      const before = written.length
      const watched = new Proxy(tx, {
        get(target, p, receiver) {
          const v = Reflect.get(target, p, receiver) as unknown
          if (typeof v !== 'function') return v
          if (p === 'insert') return (collection: string, doc: { _id: string }) => (note('transaction', collection, [doc]), v.call(target, collection, doc))
          if (p === 'insertMany') return (collection: string, docs: Array<{ _id: string }>) => (note('transaction', collection, docs), v.call(target, collection, docs))
          return v.bind(target)
        },
      })
      const result = await fn(watched)
      if (conflicts > 0 && written.slice(before).some((w) => w.in === 'transaction' && w.collection === 'case_events')) {
        conflicts -= 1
        ours = true
        throw new AppError('STORE_CONFLICT')
      }
      return result as R
    }) as Promise<R>
  store.transaction = (async <R>(fn: (tx: TxStore) => Promise<R>): Promise<R> => {
    try {
      return await attempt(fn)
    } catch (e) {
      // The store retries its own write conflicts; the one made here is retried here too, unless the store did.
      if (!ours || !(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
      ours = false
      return attempt(fn)
    }
  }) as Store['transaction']
  return {
    written,
    attempts,
    restore: () => Object.assign(store, original),
  }
}

/** A verdict event as it would be on any case: without what names its case and when it was written. */
const asOnAnyCase = ({ _id: _i, _v: _x, caseId: _c, checkId: _k, at: _a, ...v }: ContentVerdictDoc) => v

onBothStores(
  (get) => {
    let watched: ReturnType<typeof watch> | undefined
    beforeEach(() => {
      asked = []
    })
    afterEach(() => {
      watched?.restore()
      watched = undefined
    })
    const fileWatched = async (h: Harness, over: Parameters<Harness['file']>[0] = {}, options: { conflictOnce?: boolean } = {}) => {
      watched = watch(h.store, options)
      const filed = await h.file(over)
      const seen = watched
      seen.restore()
      watched = undefined
      return { filed, written: seen.written, attempts: seen.attempts }
    }

    it('writes a verdict in by the bound in the filing’s transaction, and nothing for the words after: the same event as the after-commit path', async () => {
      const h = get()
      const description = '老板说再闹就让我们走人，工资一分不给。'
      answer = { afterMs: 0, suggest: 'risky' }
      const inTime = await fileWatched(h, { description })
      expect(asked.map((a) => a.openid)).toEqual([WORKER])
      expect(inTime.written).toEqual([{ in: 'transaction', collection: 'case_events', id: `cv-text-${inTime.filed.id}` }])

      // The same words, the check slower than the bound: recorded after the commit, as before ADR 0054.
      answer = { afterMs: TEXT_VERDICT_WAIT_MS + 200, suggest: 'risky' }
      const late = await fileWatched(h, { description })
      expect(late.written).toEqual([{ in: 'store', collection: 'case_events', id: `cv-text-${late.filed.id}` }])

      const [early] = await verdictsOf(h.store, inTime.filed.id)
      const [after] = await verdictsOf(h.store, late.filed.id)
      expect(early).toMatchObject({ _id: `cv-text-${inTime.filed.id}`, checkId: `text-${inTime.filed.id}`, caseId: inTime.filed.id })
      expect(asOnAnyCase(early!)).toEqual(asOnAnyCase(after!))
      expect(asOnAnyCase(early!)).toEqual({ kind: 'content_verdict', internal: true, about: 'case', subject: 'text', state: 'done', suggest: 'risky', label: 20001, writer: { as: 'worker' } })
      // Neither keeps a row waiting: a settled check is its verdict event only (ADR 0042).
      expect(await h.store.count('content_checks', { caseId: inTime.filed.id })).toBe(0)
      expect(await h.store.count('content_checks', { caseId: late.filed.id })).toBe(0)
      // The officer's case page shows both alike.
      for (const { filed } of [inTime, late]) expect(expectOk(await h.op(getCaseDetail, OWNER, { id: filed.id })).contentNotice!.text).toBe('内容安全提示：文字疑似含有敏感内容')
    })

    it('does not wait for a check slower than the bound: the transaction starts by then, the verdict is recorded after the commit', async () => {
      const h = get()
      answer = { afterMs: TEXT_VERDICT_WAIT_MS + 1200, suggest: 'review' }
      const { filed, written, attempts } = await fileWatched(h)
      const [call] = asked
      expect(attempts).toHaveLength(1)
      // The filing waited for the bound (counted from the check's start), and not for the answer.
      expect(attempts[0]! - call!.at).toBeGreaterThanOrEqual(TEXT_VERDICT_WAIT_MS - 5)
      expect(attempts[0]!).toBeLessThan(call!.answeredAt!)
      expect(written).toEqual([{ in: 'store', collection: 'case_events', id: `cv-text-${filed.id}` }])
      expect(expectOk(await h.op(getCaseDetail, OWNER, { id: filed.id })).contentNotice!.text).toBe('内容安全提示：文字可能含有敏感内容')
    })

    it('records a failed check after the commit for the sweep’s retry, as before; the retry’s verdict is shown', async () => {
      const h = get()
      answer = { afterMs: 0, fails: true }
      const { filed, written } = await fileWatched(h)
      expect(written).toEqual([{ in: 'store', collection: 'content_checks', id: `text-${filed.id}` }])
      const row = await h.store.get<ContentCheckDoc>('content_checks', `text-${filed.id}`)
      expect(row).toMatchObject({ about: 'case', caseId: filed.id, subject: 'text', state: 'failed', reason: 'TypeError', writer: { as: 'worker' }, tries: 0, retryAt: h.clock.now + MINUTE })
      expect(h.logs.filter((l) => l.event === 'content-check-failed').map((l) => l.detail)).toEqual([`text-${filed.id} text: TypeError`])

      answer = { afterMs: 0, suggest: 'risky' }
      h.clock.now += MINUTE
      expect(expectOk(await h.op(runSweep, undefined as never, { budgetMs: 5000 })).contentChecks).toMatchObject({ due: 1, done: 1 })
      expect(asked.map((a) => a.openid)).toEqual([WORKER, WORKER])
      expect(expectOk(await h.op(getCaseDetail, OWNER, { id: filed.id })).contentNotice!.text).toBe('内容安全提示：文字疑似含有敏感内容')
    })

    it('asks once when the transaction runs again after a write conflict: the attempt that commits writes the verdict', async () => {
      const h = get()
      answer = { afterMs: 0, suggest: 'risky' }
      const { filed, written, attempts } = await fileWatched(h, {}, { conflictOnce: true })
      expect(asked).toHaveLength(1)
      expect(attempts).toHaveLength(2)
      expect(written).toEqual([
        { in: 'transaction', collection: 'case_events', id: `cv-text-${filed.id}` },
        { in: 'transaction', collection: 'case_events', id: `cv-text-${filed.id}` },
      ])
      expect((await verdictsOf(h.store, filed.id)).map((v) => [v._id, v.suggest])).toEqual([[`cv-text-${filed.id}`, 'risky']])
      expect(await h.store.count('cases', { caseNo: filed.caseNo })).toBe(1)
    })

    it('keeps an anonymous case’s words’ verdict without any openid, and an officer’s filing’s with the officer as its writer', async () => {
      const h = get()
      answer = { afterMs: 0, suggest: 'pass' }
      const anonymous = await fileWatched(h, { privacy: 'anonymous', contact: undefined })
      expect(anonymous.written.map((w) => w.in)).toEqual(['transaction'])
      const [verdict] = await verdictsOf(h.store, anonymous.filed.id)
      expect(verdict).not.toHaveProperty('writer')
      expect(await h.store.get<CaseDoc>('cases', anonymous.filed.id)).not.toHaveProperty('workerOpenid')
      expect(JSON.stringify([verdict, h.logs])).not.toContain(WORKER)

      // 代为登记 goes through the same filing: checked with the officer's openid, kept as theirs for a retry.
      watched = watch(h.store)
      const assisted = expectOk(await h.op(fileAssistedCase, OWNER, { ...submitInput(), channel: 'walk_in' }))
      expect(watched.written).toEqual([{ in: 'transaction', collection: 'case_events', id: `cv-text-${assisted.id}` }])
      expect(asked.map((a) => a.openid)).toEqual([WORKER, OWNER])
      const [theirs] = await verdictsOf(h.store, assisted.id)
      const officer = (await h.store.find<OfficerDoc>('officers', { where: { openid: OWNER } })).items[0]!
      expect(theirs).toMatchObject({ state: 'done', suggest: 'pass', writer: { as: 'officer', officerId: officer._id } })
      // The officer by their record's id; their openid, as a value, nowhere.
      expect(JSON.stringify(theirs)).not.toContain(`"${OWNER}"`)
    })
  },
  { contentCheck: fakeCheck },
)
