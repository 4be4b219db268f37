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
const SLOTS = new RegExp(`${PAGE_SLOTS.nonce}|${NOW_TEXT}`, 'g')

/**
 * A page rendered with PAGE_SLOTS, cut at its slots once, so that a view is one buffer copy
 * with its nonce and clock written in: no string is built or encoded per view (the page's
 * profile had 12 % in GC while each view still replaced the slots in a 6 KB string).
 */
export class SlottedPage {
  /** UTF-8 pieces of the page; a slot stands between each two. */
  readonly #pieces: Buffer[] = []
  /** For each slot: true for the nonce, false for the clock. */
  readonly #isNonce: boolean[] = []
  readonly #piecesLength: number
  readonly #nonceSlots: number

  constructor(html: string) {
    let from = 0
    for (const m of html.matchAll(SLOTS)) {
      this.#pieces.push(Buffer.from(html.slice(from, m.index), 'utf8'))
      this.#isNonce.push(m[0] === PAGE_SLOTS.nonce)
      from = m.index + m[0].length
    }
    this.#pieces.push(Buffer.from(html.slice(from), 'utf8'))
    this.#piecesLength = this.#pieces.reduce((n, b) => n + b.length, 0)
    this.#nonceSlots = this.#isNonce.filter(Boolean).length
  }

  /** The page for one view: `nonce` (base64) in every nonce slot, `now` (ms) in the clock's. */
  fill(nonce: string, now: number): Buffer {
    const nowText = String(now)
    const nonces = this.#nonceSlots
    const out = viewBuffer(this.#piecesLength + nonces * nonce.length + (this.#isNonce.length - nonces) * nowText.length)
    let at = 0
    this.#isNonce.forEach((isNonce, i) => {
      at += (this.#pieces[i] as Buffer).copy(out, at)
      at += out.write(isNonce ? nonce : nowText, at, 'latin1')
    })
    ;(this.#pieces.at(-1) as Buffer).copy(out, at)
    return out
  }
}

/**
 * Room for views, cut from 256 KiB blocks as Node cuts small Buffers from its 8 KiB pool: a page
 * (~6 KB) is past that pool's limit, and a Buffer of its own per view (a new ArrayBuffer) was
 * ~4 % of the page's profile. Each region is handed out once; a block is freed by GC when the
 * last response cut from it has been written.
 */
const BLOCK = 256 * 1024
let block = Buffer.allocUnsafeSlow(BLOCK)
let blockUsed = 0

function viewBuffer(size: number): Buffer {
  if (size > BLOCK / 4) return Buffer.allocUnsafe(size)
  if (blockUsed + size > BLOCK) {
    block = Buffer.allocUnsafeSlow(BLOCK)
    blockUsed = 0
  }
  const out = block.subarray(blockUsed, blockUsed + size)
  // 8-byte aligned, as Node keeps its pool.
  blockUsed += (size + 7) & ~7
  return out
}

/** What is kept: the page, and response details that depend on the same reads. */
export interface KeptPage<Extra> {
  page: SlottedPage
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
    // Read again (a miss's cost only): if the content moved during the reads, the page may mix
    // two states, and no later view could want it.
    if (version === undefined || this.version() !== version) return
    if (this.#pages.size >= MAX_PAGES) this.#pages.clear()
    this.#pages.set(key, page)
  }
}
