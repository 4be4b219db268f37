import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LOGO_MAX_BYTES, logoProblem, sniffLogoType } from './store-logo.js'

const bytes = (...b: (number | string)[]) =>
  Buffer.concat(b.map((x) => (typeof x === 'string' ? Buffer.from(x, 'latin1') : Buffer.from([x]))))

test('the type is read from the magic number: PNG, JPEG, WebP; nothing else', () => {
  assert.equal(sniffLogoType(bytes(0x89, 'PNG\r\n\x1a\n', 'rest')), 'image/png')
  assert.equal(sniffLogoType(bytes(0xff, 0xd8, 0xff, 0xdb)), 'image/jpeg')
  assert.equal(sniffLogoType(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8L')), 'image/webp')
  for (const other of [
    bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'),
    bytes('<?xml version="1.0"?><svg/>'),
    bytes('GIF89a'),
    bytes('RIFF', 0, 0, 0, 0, 'WAVEfmt '),
    bytes('RIFF'),
    bytes(0x89, 'PNG'),
    bytes(0xff, 0xd8),
    bytes('BM'),
    bytes(),
  ]) {
    assert.equal(sniffLogoType(other), null, other.toString('latin1'))
  }
})

test('a logo is refused when empty, over 256 KiB, or not one of the three types', () => {
  const png = bytes(0x89, 'PNG\r\n\x1a\n')
  assert.equal(logoProblem(png), null)
  assert.equal(logoProblem(Buffer.concat([png, Buffer.alloc(LOGO_MAX_BYTES - png.length)])), null, 'exactly 256 KiB is fine')
  assert.match(logoProblem(Buffer.concat([png, Buffer.alloc(LOGO_MAX_BYTES)])) ?? '', /at most 256 KiB/)
  assert.match(logoProblem(Buffer.alloc(0)) ?? '', /choose an image file/)
  assert.match(logoProblem(bytes('<svg/>')) ?? '', /PNG, JPEG or WebP/)
})
