// Shared by widget.js and donate-widget.js: the server serves each of them wrapped in one
// closure together with this file (web/client-scripts.ts), so nothing leaks into the shop's
// page. A modal iframe over the page: close button, Escape, a click outside; focus returns to
// where it was.
function kassaOverlay(src, title, onClose) {
  var overlay = document.createElement('div')
  overlay.setAttribute('role', 'dialog')
  overlay.setAttribute('aria-modal', 'true')
  overlay.setAttribute('aria-label', title)
  overlay.setAttribute('data-kassa-overlay', '')
  overlay.style.cssText =
    'position:fixed;inset:0;z-index:2147483647;background:rgba(17,24,39,.6);display:flex;align-items:center;justify-content:center;padding:8px'
  var box = document.createElement('div')
  box.style.cssText =
    'position:relative;width:min(460px,100%);height:min(760px,100%);background:#fff;border-radius:12px;overflow:hidden;box-shadow:0 10px 40px rgba(0,0,0,.35)'
  var frame = document.createElement('iframe')
  frame.src = src
  frame.title = title
  frame.allow = 'clipboard-write'
  frame.style.cssText = 'border:0;width:100%;height:100%;display:block'
  var x = document.createElement('button')
  x.type = 'button'
  x.textContent = '\u00d7'
  x.setAttribute('aria-label', 'Close')
  x.setAttribute('data-kassa-close', '')
  x.style.cssText =
    'position:absolute;top:6px;right:6px;width:36px;height:36px;border-radius:18px;border:0;background:#f3f4f6;color:#111;font:24px/36px sans-serif;cursor:pointer;z-index:1'
  box.appendChild(frame)
  box.appendChild(x)
  overlay.appendChild(box)
  var returnFocus = document.activeElement
  var closed = false
  function onKey(e) {
    if (e.key === 'Escape') close()
  }
  function close() {
    if (closed) return
    closed = true
    document.removeEventListener('keydown', onKey)
    overlay.remove()
    if (returnFocus && returnFocus.focus) returnFocus.focus()
    onClose()
  }
  x.addEventListener('click', close)
  overlay.addEventListener('click', function (e) {
    if (e.target === overlay) close()
  })
  document.addEventListener('keydown', onKey)
  document.body.appendChild(overlay)
  frame.focus()
  return { frame: frame, close: close }
}
