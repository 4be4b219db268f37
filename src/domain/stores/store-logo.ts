/**
 * A store's logo as buyer pages show it. Only raster formats a browser shows as an image and
 * never runs: PNG, JPEG and WebP. SVG is refused because it is a document that may carry
 * script. The type is read from the file's first bytes (its magic number), never from its
 * name or the browser's claim, and is the only Content-Type the logo is ever served with.
 */
export interface StoreLogo {
  /** SHA-256 of the bytes, hex: the logo's public name (/logos/<sha256>). */
  sha256: string
  contentType: LogoContentType
  bytes: Buffer
}

export type LogoContentType = 'image/png' | 'image/jpeg' | 'image/webp'

/** 256 KiB: a header logo needs far less; a bigger file slows every buyer page. */
export const LOGO_MAX_BYTES = 256 * 1024

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG = [0xff, 0xd8, 0xff]

/** The image type the bytes begin with, or null when they are not PNG, JPEG or WebP. */
export function sniffLogoType(bytes: Uint8Array): LogoContentType | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b)
  if (starts(PNG)) return 'image/png'
  if (starts(JPEG)) return 'image/jpeg'
  // RIFF container: "RIFF", 4 bytes of length, then "WEBP".
  if (bytes.length >= 12 && starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp'
  return null
}

/** Why these bytes cannot be a logo, or null when they can. */
export function logoProblem(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'choose an image file to upload'
  if (bytes.length > LOGO_MAX_BYTES)
    return `the logo must be at most ${LOGO_MAX_BYTES / 1024} KiB (this file is ${Math.ceil(bytes.length / 1024)} KiB)`
  if (sniffLogoType(bytes) === null) return 'the logo must be a PNG, JPEG or WebP image (SVG and other formats are not accepted)'
  return null
}
