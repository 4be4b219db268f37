import { clientScript, servedText } from './client-scripts.js'
import type { ClientScript } from './client-scripts.js'
import { PAGE_CSS } from './page-css.js'

/**
 * What the buyer pages load besides themselves: the stylesheet and the payment page's script,
 * at /assets/<name>?v=<version>. The version is the content's hash, so a browser may keep an
 * asset for a year (a new Kassa's page names a new URL), and each page response carries only
 * its own markup: profiled, writing the 15 KB of style and script inline into every payment
 * page cost more CPU than rendering it.
 */
export type PageAssetName = 'page.css' | 'pay-page.js'

export interface PageAsset extends ClientScript {
  contentType: string
  /** The ETag's hash, URL-safe: the `v` of the asset's URL. */
  version: string
}

const assets = new Map<PageAssetName, PageAsset>()

export function isPageAssetName(name: string): name is PageAssetName {
  return name === 'page.css' || name === 'pay-page.js'
}

export function pageAsset(name: PageAssetName): PageAsset {
  let a = assets.get(name)
  if (!a) {
    const text = name === 'page.css' ? servedText(PAGE_CSS) : clientScript(name)
    a = {
      ...text,
      contentType: name === 'page.css' ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      version: text.etag.slice(1, -1),
    }
    assets.set(name, a)
  }
  return a
}

export function pageAssetUrl(name: PageAssetName): string {
  return `/assets/${name}?v=${pageAsset(name).version}`
}
