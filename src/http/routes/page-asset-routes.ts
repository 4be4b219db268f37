import type { FastifyInstance, FastifyRequest } from 'fastify'
import { RouteNotFoundError } from '../../errors/index.js'
import { isPageAssetName, pageAsset } from '../../web/page-assets.js'
import { sendServedText } from '../served-text.js'

/**
 * GET /assets/{name}: the buyer pages' stylesheet and script (web/page-assets.ts). Under the
 * URL a page names (`?v=` the current version) an asset never changes, so it may be kept a
 * year; any other `v` (a page of an older Kassa) gets the current one, briefly cached.
 */
export async function pageAssetRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/assets/:name',
    { schema: { hide: true } },
    async (req: FastifyRequest<{ Params: { name: string }; Querystring: { v?: string } }>, reply) => {
      const { name } = req.params
      if (!isPageAssetName(name)) throw new RouteNotFoundError(req.method, req.url)
      const asset = pageAsset(name)
      const cacheControl = req.query.v === asset.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300'
      return sendServedText(req, reply, asset, asset.contentType, cacheControl)
    },
  )
}
