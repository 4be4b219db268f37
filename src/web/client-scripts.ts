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

/** A text served as is: its body, a strong ETag of it, and its gzip (level 9, made once). */
export function servedText(body: string): ClientScript {
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`, gzip: gzipSync(body, { level: 9 }) }
}

const cache = new Map<string, ClientScript>()

export function clientScript(name: 'widget.js' | 'donate-widget.js' | 'pay-page.js'): ClientScript {
  let s = cache.get(name)
  if (!s) {
    let body = read(name)
    // The two widgets share the overlay; each is served as one closure holding both.
    if (name === 'widget.js' || name === 'donate-widget.js') body = `;(function () {\n${read('overlay.js')}\n${body}\n})()\n`
    s = servedText(body)
    cache.set(name, s)
  }
  return s
}

function locate(name: string): URL {
  // Beside this module (src/web/ under tsx), from dist/web/ (tsc's output) or from dist/ (the bundle, scripts/bundle.js).
  const candidates = [`./widgets/${name}`, `../../src/web/widgets/${name}`, `../src/web/widgets/${name}`].map(
    (path) => new URL(path, import.meta.url),
  )
  const file = candidates.find((u) => existsSync(u))
  if (!file) throw new Error(`browser script ${name} not found`)
  return file
}

function read(name: string): string {
  return readFileSync(locate(name), 'utf8')
}
