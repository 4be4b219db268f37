import { randomBytes } from 'node:crypto'

/**
 * Buyer pages kept as rendered while the database provably has not changed (issue 17: the
 * payment page cost ~10× the bare server's CPU, most of it rendering the same HTML again for
 * every reload and every buyer's poll of a page left open).
 *
 * Two views of an unchanged payment differ only in the CSP nonce and the server's clock. A page
 * is rendered once with a slot in the place of each: secret random values, made at start and
 * never sent, which no escaped text can contain except by guessing them. Each view fills the
 * slots with its own nonce and time.
 *
 * Pages are kept under the database's content version (`DatabaseHandle.contentVersion`: it moves
 * on any write of this process and any commit of another). It is read before the page's reads,
 * and a page rendered under one version is served only while the version is still the same, so
 * a view never shows what a fresh render would not. Without a content version (PostgreSQL,
 * where other instances write unseen) nothing is kept.
 */
export const PAGE_SLOTS = {
  nonce: randomBytes(16).toString('hex'),
  /** A 16-digit integer (a clock in ms has 13): rendered into the page data's JSON as digits. */
  now: 2 ** 52 + Number.parseInt(randomBytes(6).toString('hex'), 16),
} as const

const NOW_TEXT = String(PAGE_SLOTS.now)

/** What is kept beside the HTML: response details that depend on the same reads. */
export interface KeptPage<Extra> {
  html: string
  extra: Extra
}

/** At most this many pages; past it everything is dropped (a cheap bound: ~6 KB each). */
const MAX_PAGES = 500

export class RenderedPages<Extra> {
  readonly #contentVersion: (() => string) | undefined
  #pages = new Map<string, KeptPage<Extra>>()
  #version: string | undefined

  constructor(contentVersion: (() => string) | undefined) {
    this.#contentVersion = contentVersion
  }

  /** The current content version, to pass back to `get` and `keep`; undefined when nothing can be kept. */
  version(): string | undefined {
    const version = this.#contentVersion?.()
    if (version !== this.#version) {
      this.#pages = new Map()
      this.#version = version
    }
    return version
  }

  /** The page kept under `key` if the content is still at `version`. */
  get(version: string | undefined, key: string): KeptPage<Extra> | undefined {
    return version !== undefined && version === this.#version ? this.#pages.get(key) : undefined
  }

  /** Keeps a page rendered with PAGE_SLOTS from reads made after `version` was taken. */
  keep(version: string | undefined, key: string, page: KeptPage<Extra>): void {
    // The version moved during the reads: the page may mix states, and no later view can want it.
    if (version === undefined || version !== this.#version) return
    if (this.#pages.size >= MAX_PAGES) this.#pages.clear()
    this.#pages.set(key, page)
  }
}

/** A page rendered with PAGE_SLOTS, for one view: its nonce and the server's clock. */
export function fillPageSlots(html: string, nonce: string, now: number): string {
  return html.replaceAll(PAGE_SLOTS.nonce, nonce).replace(NOW_TEXT, String(now))
}
