import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

/**
 * The browser scripts are plain JS files in src/web/widgets/ (hand-written, no build step:
 * they are small and must run in any browser a shop's visitors use). Compiled Kassa runs from
 * dist/, where tsc copies no .js, so the file is looked up next to this module first, then in
 * the source tree.
 */
export interface ClientScript {
  body: string
  etag: string
  gzip: Buffer
}

const cache = new Map<string, ClientScript>()

export function clientScript(name: 'widget.js' | 'donate-widget.js' | 'pay-page.js' | 'donate-page.js'): ClientScript {
  let s = cache.get(name)
  if (!s) {
    const candidates = [new URL(`./widgets/${name}`, import.meta.url), new URL(`../../src/web/widgets/${name}`, import.meta.url)]
    const file = candidates.find((u) => existsSync(u))
    if (!file) throw new Error(`browser script ${name} not found`)
    const body = readFileSync(file, 'utf8')
    s = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`, gzip: gzipSync(body, { level: 9 }) }
    cache.set(name, s)
  }
  return s
}
