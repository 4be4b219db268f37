import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ShownKeys } from '../../../services/dashboard/partner-keys.js'
import type { RevealedSecrets } from '../../../web/dashboard/store-settings-pages.js'
import { csrfUserInfo } from './dashboard-context.js'

/**
 * What a state-changing form's answer carries to the page it redirects to (POST/redirect/GET):
 * the outcome's message and, once, the secrets the action made.
 */
export interface Flash {
  ok?: string
  error?: string
  /** A new store's or a rotation's secrets: shown on the keys page by the one GET that reads them. */
  storeSecrets?: RevealedSecrets
  /** New Swap API keys: shown on the partner page by the one GET that reads them. */
  partnerKeys?: ShownKeys
  /** A new refund's buyer link, to copy (refund-routes.ts). */
  refundLink?: string
}

export const FLASH_COOKIE = 'kassa_flash'
/**
 * Long enough for the browser to follow the 303, short enough that a flash never read (the tab
 * was closed) is soon gone. Checked on wall-clock time: the browser's cookie expiry is too.
 */
const FLASH_TTL_MS = 2 * 60_000

interface Sealed {
  /** The one path whose GET shows the flash. */
  to: string
  expiresAt: number
  flash: Flash
}

/**
 * The flash lives in a cookie sealed with AES-256-GCM rather than in a server-side table: it is
 * read by the very next request, may hold a one-time secret that should touch no disk, and every
 * instance sharing the database derives the same key (from the dashboard's CSRF key, which comes
 * from the master key), so the redirect may land on any of them. The session's CSRF binding is
 * the additional data: another session's cookie does not open. It never goes in a URL, so no
 * secret reaches a log, a Referer or the browser history.
 */
export class FlashSeal {
  readonly #key: Buffer

  constructor(csrfKey: Buffer) {
    // A key of its own, not the CSRF HMAC key reused for encryption.
    this.#key = Buffer.from(hkdfSync('sha256', csrfKey, Buffer.alloc(0), 'kassa dashboard flash v1', 32))
  }

  seal(s: Sealed, binding: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    cipher.setAAD(Buffer.from(binding))
    const body = Buffer.concat([cipher.update(JSON.stringify(s), 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
  }

  /** The sealed flash, or undefined when it was not sealed by this key for this session. */
  open(value: string, binding: string): Sealed | undefined {
    try {
      const raw = Buffer.from(value, 'base64url')
      if (raw.length < 29) return undefined
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12))
      decipher.setAAD(Buffer.from(binding))
      decipher.setAuthTag(raw.subarray(12, 28))
      return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as Sealed
    } catch {
      return undefined
    }
  }
}

function pathOf(url: string): string {
  return new URL(url, 'http://x').pathname.replace(/\/$/, '')
}

/**
 * Answers a successful form with 303 See Other to `to` (a GET page), with `flash` for that page's
 * next GET only. A refresh of the page then neither repeats the action nor shows the flash again.
 */
export function seeOther(seal: FlashSeal, secure: boolean, req: FastifyRequest, reply: FastifyReply, to: string, flash?: Flash) {
  if (flash) {
    const value = seal.seal({ to: pathOf(to), expiresAt: Date.now() + FLASH_TTL_MS, flash }, csrfUserInfo(req))
    reply.setCookie(FLASH_COOKIE, value, {
      path: '/dashboard',
      httpOnly: true,
      sameSite: 'strict',
      secure,
      maxAge: FLASH_TTL_MS / 1000,
    })
  }
  return reply.redirect(to, 303)
}

/**
 * The flash of this GET, read once: the cookie is cleared in the same answer, so a refresh shows
 * the page without it. A flash for another page is left for that page (until it expires); one
 * that is expired or does not open for this session is dropped.
 */
export function takeFlash(seal: FlashSeal, req: FastifyRequest, reply: FastifyReply): Flash | null {
  const value = req.cookies[FLASH_COOKIE]
  if (!value || req.method !== 'GET') return null
  const s = seal.open(value, csrfUserInfo(req))
  const mine = s !== undefined && s.expiresAt > Date.now() && s.to === pathOf(req.url)
  if (mine || s === undefined || s.expiresAt <= Date.now()) reply.clearCookie(FLASH_COOKIE, { path: '/dashboard' })
  return mine ? s.flash : null
}
