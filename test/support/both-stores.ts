import { createCloudbaseStore } from '../../cloudfunctions/core/adapters/cloudbase/store'
import { connectCloudbase, startCloudbaseFake } from './cloudbase-fake'
import { makeHarness, type Harness } from './harness'

/**
 * Defines the same function tests twice: over SQLite, and over the CloudBase store through the real SDK
 * against the local fake endpoint. `define` gets the harness of the suite it is running in; `options` are the
 * harness's (its store aside).
 */
export const onBothStores = (define: (h: () => Harness) => void, options: Omit<NonNullable<Parameters<typeof makeHarness>[0]>, 'store'> = {}) => {
  // Every store call of the CloudBase suite is an HTTP round trip through the SDK: on a loaded machine one
  // test of a few filings takes longer than jest's 5 s. (No file here needs longer; this sets the file's limit.)
  jest.setTimeout(60_000)
  const suite = (name: string, connect: () => Promise<{ h: Harness; close: () => Promise<void> }>) =>
    describe(name, () => {
      let h: Harness
      let close: () => Promise<void>
      beforeAll(async () => {
        ;({ h, close } = await connect())
      }, 60_000)
      afterAll(() => close())
      define(() => h)
    })
  suite('on SQLite', async () => {
    const h = await makeHarness(options)
    return { h, close: () => h.close() }
  })
  suite('on CloudBase (the real SDK against the local fake endpoint)', async () => {
    const fake = await startCloudbaseFake()
    const h = await makeHarness({ ...options, store: createCloudbaseStore(connectCloudbase(fake.url).db) })
    return { h, close: () => fake.close() }
  })
}
