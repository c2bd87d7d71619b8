//! The preview's HTTP side: connections accepted with a time limit on headers, files of the
//! build answered (never anything else), the error overlay and the reload events.

use super::*;

/// How long a connection may take to send a request's headers, and may stay idle between two
/// requests (the reload's event stream, once open, is not idle: it is answered).
pub(super) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves connections until Ctrl+C or SIGTERM. Each connection must send its request headers
/// within [`HEADER_TIMEOUT`] (from its opening, and again after each answer), so that slow or
/// idle connections cannot hold the preview.
pub(super) async fn accept(listener: tokio::net::TcpListener, app: Router, mut stop: Stop) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let mut stop = std::pin::pin!(stop.wait());
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
            _ = &mut stop => return,
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Ctrl+C and, on Unix, SIGTERM.
pub(super) struct Stop {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Stop {
    /// Starts listening (inside the runtime); a signal received before [`Stop::wait`] is kept.
    pub(super) fn listen() -> std::io::Result<Stop> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Stop {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Stop {})
    }

    /// Ends when a signal came.
    async fn wait(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// True when `interface` only listens on this computer.
pub(super) fn is_loopback(interface: &str) -> bool {
    interface == "localhost"
        || interface
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

pub(super) async fn errors(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let text = shared.errors.read().map(|e| e.clone()).unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text)
}

pub(super) async fn event_stream(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let stream = BroadcastStream::new(shared.events.subscribe())
        .filter_map(|e| e.ok())
        .map(|name| Ok::<_, std::convert::Infallible>(Event::default().event(name).data(name)));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

pub(super) fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "geojson" => "application/geo+json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "yml" | "yaml" => "text/yaml; charset=utf-8",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// The file of the build at this URL path, refusing anything that could leave the build.
pub fn resolve(site: &Path, url_path: &str) -> Result<PathBuf, StatusCode> {
    let decoded = percent_decode(url_path).ok_or(StatusCode::BAD_REQUEST)?;
    let mut path = site.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(s) => path.push(s),
            Component::CurDir => {}
            _ => return Err(StatusCode::BAD_REQUEST),
        }
    }
    if decoded.contains('\\') || decoded.contains('\0') {
        return Err(StatusCode::BAD_REQUEST);
    }
    if path.is_dir() {
        path.push("index.html");
    }
    let canonical = path.canonicalize().map_err(|_| StatusCode::NOT_FOUND)?;
    let base = site.canonicalize().map_err(|_| StatusCode::NOT_FOUND)?;
    if !canonical.starts_with(&base) || !canonical.is_file() {
        return Err(StatusCode::NOT_FOUND);
    }
    Ok(canonical)
}

pub(super) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub(super) fn with_reload(path: &Path, bytes: Vec<u8>) -> Vec<u8> {
    if path.extension().is_none_or(|e| e != "html") {
        return bytes;
    }
    let mut text = String::from_utf8_lossy(&bytes).into_owned();
    let tag = "<script src=\"/__ctin/recharge.js\"></script>";
    match text.rfind("</body>") {
        Some(i) => text.insert_str(i, tag),
        None => text.push_str(tag),
    }
    text.into_bytes()
}

pub(super) async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let Some(site) = shared.site.read().ok().and_then(|s| s.clone()) else {
        let text = shared.errors.read().map(|e| e.clone()).unwrap_or_default();
        let page = format!(
            "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Erreurs</title></head><body><main><h1>Le site ne peut pas encore être construit</h1><pre>{}</pre></main><script src=\"/__ctin/recharge.js\"></script></body></html>",
            text.replace('&', "&amp;").replace('<', "&lt;")
        );
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response();
    };
    let (status, path) = match resolve(&site, uri.path()) {
        Ok(p) => (StatusCode::OK, p),
        Err(StatusCode::BAD_REQUEST) => return StatusCode::BAD_REQUEST.into_response(),
        Err(_) => (StatusCode::NOT_FOUND, site.join("404.html")),
    };
    // Read while no rebuild rewrites this file (a blocking read of one file, off the server's
    // own threads).
    let read = {
        let shared = shared.clone();
        let path = path.clone();
        tokio::task::spawn_blocking(move || {
            // The gate knows the files by their path in the site's folder (`resolve` gives
            // it canonical: the folder is made canonical only when it is not already).
            let within = path
                .strip_prefix(&site)
                .ok()
                .map(Path::to_path_buf)
                .or_else(|| {
                    let base = site.canonicalize().ok()?;
                    path.strip_prefix(base).ok().map(Path::to_path_buf)
                })
                .unwrap_or_default();
            let _gate = shared.gate.reading(&within);
            std::fs::read(&path)
        })
    };
    match read.await {
        Ok(Ok(bytes)) => (
            status,
            [(header::CONTENT_TYPE, content_type(&path))],
            with_reload(&path, bytes),
        )
            .into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
