import assert from 'node:assert/strict'
import { test } from 'node:test'
import QRCode from 'qrcode'
import { QR_REMEMBERED, qrCodeSvg, rememberedQrCodes } from './qr-svg.js'

const draw = (text: string) => QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })

test('a remembered QR code is the very SVG a fresh drawing gives, per text', async () => {
  const a = 'bitcoin:tb1q5ctqtdctfgnnppc063wuynwp9vkz69q854zzxv?amount=0.00100000'
  const b = 'bitcoin:tb1q5ctqtdctfgnnppc063wuynwp9vkz69q854zzxv?amount=0.00100001'
  assert.equal(await qrCodeSvg(a), await draw(a))
  assert.equal(await qrCodeSvg(a), await draw(a), 'the second answer, remembered')
  assert.equal(await qrCodeSvg(b), await draw(b))
  assert.notEqual(await qrCodeSvg(a), await qrCodeSvg(b))
})

test('at most QR_REMEMBERED codes are remembered; the least recently used goes first', async () => {
  for (let i = 0; i <= QR_REMEMBERED + 10; i++) await qrCodeSvg(`text ${i}`)
  assert.equal(rememberedQrCodes(), QR_REMEMBERED)
  // The newest is still right after the oldest were dropped.
  assert.equal(await qrCodeSvg(`text ${QR_REMEMBERED + 10}`), await draw(`text ${QR_REMEMBERED + 10}`))
  assert.equal(await qrCodeSvg('text 0'), await draw('text 0'), 'a dropped one is drawn again')
  assert.equal(rememberedQrCodes(), QR_REMEMBERED)
})
