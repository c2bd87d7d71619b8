//! A real `ctin serve` process for tests and benchmarks: started on a free loopback port,
//! queried over HTTP.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// A running `ctin serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// Its port.
    pub port: u16,
    /// The lines it writes on stderr after the start.
    pub lines: Receiver<String>,
}

impl Server {
    /// Sends `signal` to the server and waits (at most `wait`) for it to end; gives its status.
    #[cfg(unix)]
    pub fn signal(&mut self, signal: i32, wait: Duration) -> Option<std::process::ExitStatus> {
        unsafe { libc::kill(self.child.id() as i32, signal) };
        let deadline = Instant::now() + wait;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Server {
    /// Stops the server as Ctrl+C would, so that it removes its folder; killed if it lingers
    /// (removing the folder of a national site takes seconds on a slow disk: ~4 s here for
    /// 44 000 files).
    fn drop(&mut self) {
        #[cfg(unix)]
        if self
            .signal(libc::SIGTERM, Duration::from_secs(30))
            .is_some()
        {
            return;
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `ctin serve` on a free port for the site at `root`, waiting at most `wait`.
pub fn start_within(root: &Path, wait: Duration) -> Server {
    start_with(root, &[], &[], wait)
}

/// Starts `ctin serve` on a free port for the site at `root` with more arguments and
/// environment variables, waiting at most `wait`.
pub fn start_with(root: &Path, args: &[&str], env: &[(&str, &str)], wait: Duration) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ctin"))
        .args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
        .args(args)
        .envs(env.iter().copied())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + wait;
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200))
            && let Some(rest) = line.strip_prefix("Aperçu : http://")
        {
            let address = rest.split('/').next().unwrap();
            let port = address.rsplit(':').next().unwrap().parse().unwrap();
            return Server {
                child,
                port,
                lines: rx,
            };
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("le serveur n’a pas démarré");
}

/// A GET request; returns the status and the body.
pub fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Starts `ctin serve` for the site at `root` (30 s at most).
pub fn start(root: &Path) -> Server {
    start_within(root, Duration::from_secs(30))
}

/// The reload events of the server, as an open page receives them.
pub struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    /// Subscribes to the events of the server on `port`.
    pub fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__ctin/evenements HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .unwrap();
        let mut events = Events {
            stream,
            seen: String::new(),
        };
        assert!(
            events.wait_for("\r\n\r\n", Duration::from_secs(10)),
            "pas de flux d'événements"
        );
        events
    }

    /// Forgets the events received so far (those of an earlier rebuild), so that the next
    /// [`Events::wait`] counts only an event sent after this call.
    pub fn forget(&mut self) {
        self.stream
            .set_read_timeout(Some(Duration::from_millis(1)))
            .unwrap();
        let mut buf = [0u8; 4096];
        while let Ok(n) = self.stream.read(&mut buf) {
            if n == 0 {
                break;
            }
        }
        self.seen.clear();
    }

    /// Waits for the next event called `name`; false after `timeout`.
    pub fn wait(&mut self, name: &str, timeout: Duration) -> bool {
        self.wait_for(&format!("event: {name}\n"), timeout)
    }

    fn wait_for(&mut self, needle: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(i) = self.seen.find(needle) {
                self.seen.drain(..i + needle.len());
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            self.stream
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .unwrap();
            let mut buf = [0u8; 4096];
            match self.stream.read(&mut buf) {
                Ok(0) => return false,
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
    }
}

/// Waits (20 s at most) until `ok` holds; false when it never did.
pub fn wait_for(mut ok: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}
