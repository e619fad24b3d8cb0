import HTTPTypes
import Hummingbird

/// The stylesheet and scripts the pages use, served by hepbox itself (works offline, no CDN).
enum StaticAssets {
    static func response(path: String) -> Response? {
        let asset: (String, String)? = switch path {
        case "/static/hepbox.css": ("text/css; charset=utf-8", css)
        case "/static/drop.js": ("text/javascript; charset=utf-8", dropScript)
        default: nil
        }
        guard let (type, text) = asset else { return nil }
        var headers = HTMLPage.securityHeaders()
        headers[.contentType] = type
        headers[.cacheControl] = "public, max-age=3600"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static let css = """
    :root{color-scheme:light dark;--fg:#1d2430;--bg:#f6f7f9;--card:#fff;--line:#d8dde5;--accent:#2563eb;--muted:#5b6574;font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
    @media (prefers-color-scheme:dark){:root{--fg:#e6e9ef;--bg:#14171c;--card:#1c2027;--line:#2c323c;--accent:#6aa1ff;--muted:#9aa4b2}}
    body{margin:0;background:var(--bg);color:var(--fg)}
    .bar{padding:.8rem 1.5rem;border-bottom:1px solid var(--line);background:var(--card)}.brand{font-weight:700;letter-spacing:.02em}
    main{max-width:56rem;margin:2rem auto;padding:0 1rem}
    .card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1.5rem}
    h1{font-size:1.35rem;margin:0 0 .6rem}p.meta{color:var(--muted);margin:.2rem 0 1rem}
    table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:.55rem .4rem;border-bottom:1px solid var(--line)}
    th{font-weight:600;color:var(--muted)}td.size,th.size{text-align:right;white-space:nowrap}
    a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
    .button{display:inline-block;background:var(--accent);color:#fff;border:0;border-radius:8px;padding:.6rem 1.1rem;text-decoration:none;font:inherit;cursor:pointer}
    label{display:block;margin:.8rem 0 .3rem}input[type=password],input[type=file]{width:100%;padding:.5rem;box-sizing:border-box}
    .error{color:#c0392b}.crumbs{margin-bottom:1rem}.drop{border:2px dashed var(--line);border-radius:12px;padding:2rem;text-align:center}
    progress{width:100%}
    """

    /// Uploads the chosen files into a file-drop link through `/public.php/webdav`, one PUT per file.
    static let dropScript = """
    const form = document.getElementById('drop-form');
    if (form) {
      const token = form.dataset.token;
      const status = document.getElementById('drop-status');
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const files = document.getElementById('drop-files').files;
        for (const file of files) {
          const row = document.createElement('li');
          const bar = document.createElement('progress');
          bar.max = 1; bar.value = 0;
          row.textContent = file.name + ' ';
          row.appendChild(bar);
          status.appendChild(row);
          const response = await fetch('/public.php/webdav/' + encodeURIComponent(file.name), {
            method: 'PUT', body: file, credentials: 'same-origin',
            headers: {'Authorization': 'Basic ' + btoa(token + ':'), 'X-Requested-With': 'XMLHttpRequest'}
          });
          bar.value = 1;
          row.append(response.ok ? ' uploaded' : ' failed (' + response.status + ')');
        }
      });
    }
    """
}
