//! The `ctin` command.

/// Rendering allocates many short-lived strings and maps on every thread: mimalloc spends a
/// fraction of glibc's time on them (see benches/build.rs and the README's measures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(ctin::cli::run(std::env::args_os()));
}
