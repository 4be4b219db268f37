import type { Page } from 'playwright-core'

/** A text element whose colour on its background is below WCAG AA. */
export interface ContrastFailure {
  /** The element's tag and classes, and the start of its text, to find it in the page. */
  where: string
  text: string
  ratio: number
  required: number
  colour: string
  background: string
}

/**
 * The audit, run inside the page (the tests have no DOM types, so it is a string). For every
 * rendered element that carries text of its own (a non-blank text node child, an SVG <text>,
 * or a form control showing a value), it takes the computed text colour (fill for SVG) and the
 * effective background: the background colours of the element and its ancestors, composited
 * from the first opaque one upwards (a translucent layer is blended over what lies below), the
 * page's canvas when none is opaque. Opacity of the element and its ancestors fades the text
 * into that background. Then WCAG 2.x: relative luminance, (L1 + 0.05) / (L2 + 0.05), at least
 * 4.5:1, or 3:1 for large text (24 px, or 18.66 px and bold).
 *
 * Not covered, on purpose: background images and gradients (the pages have none behind text)
 * and text drawn over an SVG's own shapes (chart labels sit beside the bars, not on them).
 */
const AUDIT = `(() => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c || '')
    if (!m) return null
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number)
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }
  }
  const over = (top, below) => ({
    r: top.r * top.a + below.r * (1 - top.a),
    g: top.g * top.a + below.g * (1 - top.a),
    b: top.b * top.a + below.b * (1 - top.a),
    a: 1,
  })
  const lum = (c) => {
    const f = (v) => { v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4) }
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b)
  }
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05) }
  const css = (c) => 'rgb(' + [c.r, c.g, c.b].map(Math.round).join(', ') + ')'
  const dark = matchMedia('(prefers-color-scheme: dark)').matches
  const canvas = parse(getComputedStyle(document.documentElement).colorScheme.includes('dark') && dark ? 'rgb(18, 18, 18)' : 'rgb(255, 255, 255)')
  const background = (el) => {
    const layers = []
    for (let a = el; a && a.nodeType === 1; a = a.parentElement) {
      const bg = parse(getComputedStyle(a).backgroundColor)
      if (bg && bg.a > 0) { layers.push(bg); if (bg.a >= 1) break }
    }
    let c = canvas
    for (let i = layers.length - 1; i >= 0; i--) c = layers[i].a >= 1 ? layers[i] : over(layers[i], c)
    return c
  }
  const opacity = (el) => { let o = 1; for (let a = el; a && a.nodeType === 1; a = a.parentElement) o *= Number(getComputedStyle(a).opacity); return o }
  const ownText = (el) => {
    const tag = el.tagName.toLowerCase()
    if (tag === 'input') return ['hidden', 'checkbox', 'radio', 'color', 'range', 'file', 'image'].includes(el.type) ? '' : (el.value || '')
    if (tag === 'select') return el.selectedOptions && el.selectedOptions[0] ? el.selectedOptions[0].text : ''
    if (tag === 'textarea') return el.value || ''
    if (['script', 'style', 'title', 'option', 'head', 'noscript'].includes(tag)) return ''
    let t = ''
    for (const n of el.childNodes) if (n.nodeType === 3) t += n.nodeValue
    return t.trim()
  }
  const failures = []
  let checked = 0
  for (const el of document.querySelectorAll('body *')) {
    const text = ownText(el)
    if (!text) continue
    const rect = el.getBoundingClientRect()
    if (rect.width < 1 || rect.height < 1) continue
    // Content of a closed <details> keeps its boxes in Chromium but is not rendered.
    if (el.checkVisibility && !el.checkVisibility({ contentVisibilityAuto: true })) continue
    const st = getComputedStyle(el)
    if (st.visibility !== 'visible' || st.display === 'none') continue
    const o = opacity(el)
    if (o < 0.01) continue
    const isSvg = el.namespaceURI === 'http://www.w3.org/2000/svg'
    let fg = parse(isSvg ? st.fill : st.color)
    if (!fg) continue
    const bg = background(el)
    fg = over({ ...fg, a: fg.a * o }, bg)
    const size = parseFloat(st.fontSize)
    const bold = Number(st.fontWeight) >= 700
    const required = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5
    const r = ratio(fg, bg)
    checked++
    if (r + 1e-9 < required) {
      const cls = typeof el.className === 'string' ? el.className : (el.className && el.className.baseVal) || ''
      failures.push({
        where: el.tagName.toLowerCase() + (cls ? '.' + cls.trim().split(/\\s+/).join('.') : ''),
        text: text.slice(0, 40),
        ratio: Math.round(r * 100) / 100,
        required,
        colour: css(fg),
        background: css(bg),
      })
    }
  }
  return { checked, failures }
})()`

/** Runs the audit on the page as it is now: how many text elements it checked, and which fail. */
export async function auditContrast(page: Page): Promise<{ checked: number; failures: ContrastFailure[] }> {
  return (await page.evaluate(AUDIT)) as { checked: number; failures: ContrastFailure[] }
}

/** The failures as lines for an assertion message. */
export function describeFailures(failures: readonly ContrastFailure[]): string {
  return failures.map((f) => `  ${f.where} "${f.text}": ${f.colour} on ${f.background} = ${f.ratio} < ${f.required}`).join('\n')
}
