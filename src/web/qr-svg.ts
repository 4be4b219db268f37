/**
 * Payment QR codes as inline SVG, remembered by their text. Drawing one costs about half a
 * millisecond of CPU (profiled: more than the rest of the payment page), while a page open on
 * a pending payment is reloaded and polled with the same payment URI again and again. The SVG
 * is a pure function of the text, so a remembered one can never be out of date.
 */
export const QR_REMEMBERED = 1_000

const remembered = new Map<string, string>()

/** `qrcode` loads on the first page view, not at start-up (about 50 ms of it). */
export async function qrCodeSvg(text: string): Promise<string> {
  const hit = remembered.get(text)
  if (hit !== undefined) {
    // Re-inserted: Map keeps insertion order, so the first key is the least recently used.
    remembered.delete(text)
    remembered.set(text, hit)
    return hit
  }
  const { default: QRCode } = await import('qrcode')
  const svg = await QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
  if (remembered.size >= QR_REMEMBERED) remembered.delete(remembered.keys().next().value as string)
  remembered.set(text, svg)
  return svg
}

/** How many SVGs are remembered now (for tests: the memory stays bounded). */
export function rememberedQrCodes(): number {
  return remembered.size
}
