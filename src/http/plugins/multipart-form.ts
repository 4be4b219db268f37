import type { FastifyInstance } from 'fastify'

/** A file field of a multipart/form-data post. */
export interface UploadedFile {
  filename: string
  /** What the browser claimed; never trusted for what the bytes are (see store-logo.ts). */
  contentType: string
  data: Buffer
}

export type MultipartFields = Record<string, string | UploadedFile>

/** More parts than any Kassa form has is not a form of ours. */
const MAX_PARTS = 20

/**
 * multipart/form-data (RFC 7578) for a dashboard form that uploads a file, without a new
 * dependency: no @fastify/multipart is installed, and a logo form has two small text fields
 * and one file of at most 256 KiB, so the body is read whole (within the route's bodyLimit)
 * and split at its boundary. Text fields become strings, file fields UploadedFile; a malformed
 * body gives null. Registered in the dashboard's scope only: no API accepts multipart.
 */
export function registerMultipartParser(app: FastifyInstance): void {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (req, body, done) => {
    req.bodyKind = 'form'
    const fields = parseMultipart(body as Buffer, req.headers['content-type'] ?? '')
    // Unparseable: an empty form, which the route refuses with its own message (and the CSRF check first).
    done(null, fields ?? {})
  })
}

export function parseMultipart(body: Buffer, contentType: string): MultipartFields | null {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType)
  const boundary = m?.[1] ?? m?.[2]
  if (!boundary) return null
  const delimiter = Buffer.from(`--${boundary}`)
  // No prototype: a part named __proto__ is just a field.
  const fields = Object.create(null) as MultipartFields
  let pos = body.indexOf(delimiter)
  if (pos < 0) return null
  for (let parts = 0; parts <= MAX_PARTS; parts++) {
    pos += delimiter.length
    // "--" after a delimiter closes the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return fields
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) return null
    const headerEnd = body.indexOf('\r\n\r\n', pos + 2)
    if (headerEnd < 0) return null
    const headers = body.subarray(pos + 2, headerEnd).toString('utf8')
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4)
    if (next < 0) return null
    const data = body.subarray(headerEnd + 4, next)
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? ''
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1]
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1]
    if (name === undefined) return null
    if (filename !== undefined) {
      const type = /^content-type:\s*([^\r\n]*)$/im.exec(headers)?.[1]?.trim() ?? 'application/octet-stream'
      fields[name] = { filename, contentType: type, data: Buffer.from(data) }
    } else {
      fields[name] = data.toString('utf8')
    }
    pos = next + 2
  }
  return null
}
