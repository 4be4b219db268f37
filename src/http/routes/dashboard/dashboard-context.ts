import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Store } from '../../../domain/stores/store.js'
import { StoreNotFoundError } from '../../../errors/index.js'
import { SESSION_IDLE_MS } from '../../../services/accounts/account-sessions.js'
import type { DashboardUser } from '../../../services/accounts/account-sessions.js'
import type { StoreService } from '../../../services/store-service.js'
import type { DashboardView } from '../../../web/dashboard/dashboard-layout.js'
import { newNonce, pageCsp } from '../../../web/page-layout.js'

export const SESSION_COOKIE = 'kassa_session'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person of a full session; routes behind the session hook may rely on it. */
    dashboardUser: DashboardUser | null
    /** The session cookie's token (any stage), or null. */
    dashboardToken: string | null
    dashboardStage: 'password' | 'full' | null
  }
}

/**
 * What binds a CSRF token to its session: a hash of the session's token, so no secret is
 * reused as a key. Before sign-in there is no session ('anonymous', as the library needs a
 * non-empty value); those tokens rest on the per-browser cookie secret alone.
 */
export function csrfUserInfo(req: FastifyRequest): string {
  return req.dashboardToken ? createHash('sha256').update(`csrf:${req.dashboardToken}`).digest('hex').slice(0, 32) : 'anonymous'
}

/** The signed-in person; the session hook has already sent anyone else to the sign-in page. */
export function currentUser(req: FastifyRequest): DashboardUser {
  const user = req.dashboardUser
  if (!user) throw new Error('dashboard route reached without a session: the session hook must run first')
  return user
}

/** The view of this request: nonce, CSRF token, person, path; with the store when the page has one. */
export function viewOf(req: FastifyRequest, reply: FastifyReply, store?: Pick<Store, 'id' | 'name' | 'mode'>): DashboardView {
  return {
    nonce: newNonce(),
    csrf: reply.generateCsrf({ userInfo: csrfUserInfo(req) }),
    user: req.dashboardUser,
    path: new URL(req.url, 'http://x').pathname.replace(/\/$/, ''),
    store: store && { id: store.id, name: store.name, mode: store.mode },
  }
}

export function sendHtml(reply: FastifyReply, view: DashboardView, page: string, status = 200) {
  return (
    reply
      .code(status)
      // The buyer pages' policy, never framed: the dashboard has nothing another site may embed.
      .header('content-security-policy', pageCsp(view.nonce, "'none'"))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin')
      .type('text/html; charset=utf-8')
      .send(page)
  )
}

/**
 * A store of the signed-in person's account, or 404: another account's store is answered
 * exactly like one that does not exist, so editing an id in a URL or a form reveals nothing.
 */
export async function ownedStore(stores: StoreService, req: FastifyRequest, storeId: string): Promise<Store> {
  const user = currentUser(req)
  const store = /^[0-9a-f-]{36}$/.test(storeId) ? await stores.getStore(storeId).catch(() => undefined) : undefined
  if (!store || store.accountId !== user.accountId) throw new StoreNotFoundError(storeId)
  return store
}

/** A form field as one trimmed string: absent, repeated or non-text fields read as ''. */
export function field(body: unknown, name: string): string {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined
  return typeof v === 'string' ? v.trim() : ''
}

/** Only same-dashboard paths are followed after sign-in: never another site (open redirect). */
export function safeNext(next: string | undefined): string {
  return next && /^\/dashboard(\/[\w\-./?=&%]*)?$/.test(next) && !next.includes('//') ? next : '/dashboard'
}

/** Every value of a repeated form field (checkboxes): the parsed body keeps only the last one. */
export function fieldAll(req: FastifyRequest, name: string): string[] {
  return req.bodyKind === 'form' ? new URLSearchParams(req.rawBody).getAll(name).map((v) => v.trim()) : []
}

/** The session cookie: httpOnly, SameSite=Lax (a link from an email still lands signed in), dashboard paths only. */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/dashboard', httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_IDLE_MS / 1000 })
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/dashboard' })
}
