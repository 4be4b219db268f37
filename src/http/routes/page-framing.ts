import type { PageSettings } from '../../domain/stores/page-settings.js'
import { parseEmbedOrigin } from '../page-context.js'

export interface Framing {
  /** The CSP frame-ancestors value. */
  ancestors: string
  /** Where the page may post its status messages: the framing page's origin, if allowed. */
  embedOrigin: string | null
}

/**
 * Who may frame a page and receive its messages. Widget payments (and their selections):
 * only the store's allowed origins, and only while the widget is on. Donations: any site (the
 * seed's donation widget goes on "any website"; the page holds nothing a framing site could
 * abuse, the donor pays from their own wallet). Everything else: nobody (no clickjacking of a
 * shop's checkout).
 */
export function framing(settings: PageSettings, source: string, embed: string | undefined): Framing {
  const origin = parseEmbedOrigin(embed)
  if (source === 'donation') return { ancestors: '*', embedOrigin: origin }
  if (settings.widgetEnabled && settings.widgetOrigins.length > 0) {
    return {
      ancestors: settings.widgetOrigins.join(' '),
      embedOrigin: origin && settings.widgetOrigins.includes(origin) ? origin : null,
    }
  }
  return { ancestors: "'none'", embedOrigin: null }
}
