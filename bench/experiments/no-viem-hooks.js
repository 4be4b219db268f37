// Module resolution hook for no-viem.js.
const shim = new URL('./viem-shim.js', import.meta.url).href

export async function resolve(specifier, context, next) {
  if (specifier === 'viem') return { url: shim, shortCircuit: true }
  return next(specifier, context)
}
