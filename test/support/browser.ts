import { chromium, type Browser } from 'playwright-core'

/**
 * Chromium for the browser tests (D32): from the @sparticuz/chromium npm package (Linux x64; unpacked into
 * the temp dir on first use), or the one named by CHROMIUM_PATH on other machines. Playwright gives every
 * launch a fresh temporary profile, which is the fresh user-data-dir this closed network needs. `extraArgs`
 * adds flags, e.g. a fake microphone (`--use-fake-device-for-media-stream --use-fake-ui-for-media-stream`).
 */
export const launchChromium = async (extraArgs: readonly string[] = []): Promise<Browser> => {
  let executablePath = process.env.CHROMIUM_PATH
  if (!executablePath) {
    const sparticuz = (await import('@sparticuz/chromium')).default
    executablePath = await sparticuz.executablePath()
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      ...extraArgs,
    ],
  })
}
