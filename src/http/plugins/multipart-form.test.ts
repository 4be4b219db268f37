import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseMultipart } from './multipart-form.js'

// Bodies as browsers build them: read back by the Fetch API's own encoder, then by ours.
async function encoded(form: FormData): Promise<{ body: Buffer; type: string }> {
  const r = new Request('http://x/', { method: 'POST', body: form })
  return { body: Buffer.from(await r.arrayBuffer()), type: r.headers.get('content-type') ?? '' }
}

test('text fields and a binary file, byte for byte', async () => {
  const file = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d])
  const form = new FormData()
  form.append('_csrf', 'tok€n')
  form.append('logo', new Blob([file], { type: 'image/png' }), 'my logo.png')
  const { body, type } = await encoded(form)
  const fields = parseMultipart(body, type)
  assert.ok(fields)
  assert.equal(fields._csrf, 'tok€n')
  const logo = fields.logo
  assert.ok(logo && typeof logo === 'object')
  assert.equal(logo.filename, 'my logo.png')
  assert.equal(logo.contentType, 'image/png')
  assert.deepEqual(logo.data, file)
})

test('malformed bodies give null, not a half-read form', () => {
  const type = 'multipart/form-data; boundary=XyZ'
  assert.equal(parseMultipart(Buffer.from('no boundary here'), type), null)
  assert.equal(parseMultipart(Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nnever closed'), type), null)
  assert.equal(
    parseMultipart(Buffer.from('--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--'), type),
    null,
    'a part without a name',
  )
  assert.equal(parseMultipart(Buffer.from('--XyZ--'), 'multipart/form-data'), null, 'no boundary parameter')
  const many = `${'--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n'.repeat(30)}--XyZ--`
  assert.equal(parseMultipart(Buffer.from(many), type), null, 'more parts than any form of ours')
})

test('a part named __proto__ is a field, not a prototype', () => {
  const body = Buffer.from('--B\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\nx\r\n--B--\r\n')
  const fields = parseMultipart(body, 'multipart/form-data; boundary=B')
  assert.ok(fields)
  assert.equal(Object.getPrototypeOf(fields), null)
  assert.deepEqual(Object.entries(fields), [['__proto__', 'x']])
})
