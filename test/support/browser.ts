import { existsSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'

/**
 * Debian's Chromium through playwright-core: one browser per test file. Without
 * /usr/bin/chromium the browser tests skip with a message, unless KASSA_REQUIRE_BROWSER is set
 * (CI sets it), in which case they fail: a CI run must never pass without them.
 */
export const CHROMIUM = '/usr/bin/chromium'

export function browserSkipReason(): string | false {
  if (existsSync(CHROMIUM)) return false
  if (process.env.KASSA_REQUIRE_BROWSER)
    throw new Error(`KASSA_REQUIRE_BROWSER is set but ${CHROMIUM} is missing (apt-get install chromium)`)
  const reason = `browser tests skipped: ${CHROMIUM} not found (apt-get install chromium; CI sets KASSA_REQUIRE_BROWSER=1)`
  console.log(`# ${reason}`)
  return reason
}

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core')
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** A shop on another origin than Kassa's: a plain node:http server answering fixed pages. */
export interface ShopServer {
  origin: string
  set(path: string, html: string): void
  close(): Promise<void>
}

export async function startShopServer(): Promise<ShopServer> {
  const pages = new Map<string, string>()
  const server: Server = createServer((req, res) => {
    const body = pages.get((req.url ?? '/').split('?')[0]!)
    if (body === undefined) return void res.writeHead(404).end('not found')
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    // "localhost", not 127.0.0.1: another host name as well as another port than Kassa's.
    origin: `http://localhost:${port}`,
    set: (path, html) => void pages.set(path, html),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * Screenshots for docs/screenshots/, written only when KASSA_SCREENSHOTS=1
 * (`node scripts/screenshots.js`), so an ordinary test run leaves the tree clean.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.KASSA_SCREENSHOTS) return
  const dir = new URL('../../docs/screenshots/', import.meta.url)
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: new URL(`${name}.png`, dir).pathname, fullPage: true })
}

/**
 * The seed's widget quick start, verbatim but for the script URL, the API key, and one thing
 * no server can fix: the seed prints the button after the inline script, which then calls
 * getElementById('pay-btn') before the button exists and throws in every browser. So the
 * button line comes first here; docs/API.md says so to merchants.
 */
export function seedQuickStart(kassaUrl: string, apiKey: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body>
<h1>My shop</h1>
<button id="pay-btn">Pay with Crypto</button>
<script src="${kassaUrl}/widget.js"></script>
<script>
CryptoMerchant.init({ apiKey: '${apiKey}' });

document.getElementById('pay-btn').addEventListener('click', function() {
    CryptoMerchant.pay({
        amount: 100.00,
        order_id: 'ORDER-123',

        // Or use fiat conversion:
        // fiat_amount: 5000,
        // fiat_currency: 'RUB',

        onSuccess: function(payment) {
            alert('Payment confirmed! TX: ' + payment.tx_hash);
        },
        onClose: function() {
            console.log('Widget closed');
        },
        onError: function(err) {
            console.error('Payment error:', err);
        }
    });
});
</script>
</body></html>`
}
