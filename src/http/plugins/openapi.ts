import type { FastifyInstance } from 'fastify'

/**
 * OpenAPI 3.1 generated from the route schemas, with Swagger UI at /docs and the document at
 * /docs/json. Both plugins ship their assets inside their npm packages: no CDN is involved.
 */
export async function registerOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
  const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([import('@fastify/swagger'), import('@fastify/swagger-ui')])
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kassa Merchant API',
        version: '1.0.0',
        description:
          'Signed with HMAC-SHA256: X-Signature = hex HMAC(api_secret, X-Timestamp + METHOD + path?query + raw body). A POST is accepted once per signature (a replay within the ±300 s window: 403). Errors: {"success": false, "error": "..."}.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          MerchantSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Api-Key',
            description: 'Plus X-Timestamp and X-Signature; a POST signature is accepted once.',
          },
          OperatorToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'KASSA_OPERATOR_TOKEN; the operator routes exist only when it is set.',
          },
          swapBearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'Swap API (/v1/*): Authorization: Bearer YOUR_API_KEY. Errors: {"ok": false, "code": "...", "message": "..."}.',
          },
        },
      },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
}
