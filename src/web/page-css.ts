/**
 * The buyer pages' one stylesheet, served as /assets/page.css (web/page-assets.ts) so that a
 * browser loads it once, not with every page. The accent colour stays in the page itself.
 */
export const PAGE_CSS = `*{box-sizing:border-box}
body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#111827;background:#f3f4f6}
main{max-width:30rem;margin:0 auto;padding:1rem;background:#fff;min-height:100vh}
@media(min-width:32rem){main{margin:1.5rem auto;min-height:0;border-radius:.75rem;box-shadow:0 1px 4px #0002;padding:1.5rem}}
h1{font-size:1.35rem;margin:.25rem 0 .75rem;line-height:1.25}
header.store{display:flex;align-items:center;gap:.6rem;margin:0 0 .75rem;padding-bottom:.6rem;border-bottom:1px solid #e5e7eb;font-weight:600;font-size:1.05rem;overflow-wrap:anywhere}
header.store img{max-height:2.5rem;max-width:8rem;width:auto;height:auto;object-fit:contain}
.network-warning{background:#fff7ed;border:1px solid #f97316;padding:.5rem .75rem;border-radius:.5rem;margin:.5rem 0}
.test{background:#fef3c7;border:1px solid #f59e0b;padding:.5rem .75rem;border-radius:.5rem;margin:0 0 .75rem}
.status{font-weight:600;padding:.6rem .75rem;border-radius:.5rem;background:#eff6ff;margin:.5rem 0}
[data-status=completed] .status,[data-status=overpaid] .status{background:#dcfce7}
[data-status=expired] .status,[data-status=underpaid] .status{background:#fee2e2}
.row{display:flex;gap:.5rem;align-items:center;justify-content:space-between;margin:.4rem 0;flex-wrap:wrap}
.label{color:#4b5563;font-size:.9rem;display:block}
code{font:15px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all;background:#f3f4f6;padding:.15rem .35rem;border-radius:.3rem}
.big{font-size:1.2rem;font-weight:700}
.qr{display:flex;justify-content:center;margin:.75rem 0}.qr svg{width:min(15rem,70vw);height:auto}
button,.btn{font:inherit;font-size:1rem;padding:.55rem .9rem;border-radius:.5rem;border:1px solid #d1d5db;background:#fff;color:#111827;cursor:pointer;text-decoration:none;display:inline-block}
button.primary,.btn.primary{background:var(--accent);border-color:var(--accent);color:#fff;font-weight:600}
button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.stack>*{display:block;width:100%;margin:.4rem 0;text-align:center}
progress{width:100%;height:.75rem;accent-color:var(--accent)}
.muted{color:#6b7280;font-size:.9rem}
nav.langs{margin-top:1.25rem;font-size:.85rem;display:flex;flex-wrap:wrap;gap:.35rem .75rem;color:#6b7280}
nav.langs a{color:#374151}nav.langs a[aria-current]{font-weight:700;color:#111827;text-decoration:none}
label{display:block;margin:.6rem 0 .2rem;font-weight:600}
input,select,textarea{font:inherit;width:100%;padding:.5rem;border:1px solid #9ca3af;border-radius:.4rem}
fieldset{border:0;padding:0;margin:.5rem 0}legend{font-weight:600;margin-bottom:.3rem}
.amounts{display:flex;flex-wrap:wrap;gap:.5rem}.amounts label{margin:0;font-weight:400}
.amounts input{position:absolute;opacity:0;width:1px;height:1px}
.amounts span{display:inline-block;padding:.5rem .9rem;border:1px solid #d1d5db;border-radius:.5rem;min-width:4rem;text-align:center}
.amounts input:checked+span{background:var(--accent);border-color:var(--accent);color:#fff}
.amounts input:focus-visible+span{outline:3px solid var(--accent);outline-offset:2px}
.error{background:#fee2e2;border:1px solid #ef4444;padding:.5rem .75rem;border-radius:.5rem}
[hidden]{display:none!important}
.embedded main{padding-top:3rem;margin-top:0;box-shadow:none}
@media(prefers-color-scheme:dark){
:root{color-scheme:dark}
body{color:#e5e7eb;background:#030712}main{background:#111827}
.label,.muted,nav.langs{color:#9ca3af}nav.langs a{color:#d1d5db}nav.langs a[aria-current]{color:#f9fafb}
code{background:#1f2937}
header.store{border-color:#374151}
.network-warning{background:#431407;border-color:#ea580c}
.status{background:#1e3a8a;color:#f9fafb}.status .label{color:#e5e7eb}
[data-status=completed] .status,[data-status=overpaid] .status{background:#14532d}
[data-status=expired] .status,[data-status=underpaid] .status,.error{background:#7f1d1d}
.test{background:#78350f;border-color:#d97706}
button,.btn,.amounts span{background:#1f2937;color:#f9fafb;border-color:#4b5563}
input,select,textarea{background:#030712;color:#f9fafb;border-color:#6b7280}
.qr svg{background:#fff;padding:.5rem;border-radius:.5rem}
}`
