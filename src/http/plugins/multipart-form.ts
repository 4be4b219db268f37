import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'

/** A multipart/form-data post as a route reads it: text fields as strings, files as their bytes. */
export type MultipartFields = Record<string, string | Buffer | undefined>

/**
 * multipart/form-data (RFC 7578) for a dashboard form that uploads a file, parsed by
 * @fastify/multipart in the registering scope only: no API accepts multipart. Fields land on
 * `req.body` before the CSRF check reads `_csrf`. Every file is kept as bytes, whatever type
 * the browser claimed (a text/plain claim would otherwise arrive as a string): what the bytes
 * are is decided by the route's own check. The parser does not apply the route's bodyLimit, so
 * its own limits bound the post: one file of at most `maxFileBytes`, a few short fields; a
 * bigger file is refused with 413 before it is read whole.
 */
export async function registerMultipartForm(app: FastifyInstance, maxFileBytes: number): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: maxFileBytes, files: 1, fields: 10, fieldSize: 4096, parts: 11 },
    async onFile(part) {
      ;(part as unknown as { value: unknown }).value = await part.toBuffer()
    },
  })
  app.addHook('preValidation', async (req) => {
    if (req.isMultipart()) req.bodyKind = 'form'
  })
}
