//! The `ctin` command.

fn main() {
    std::process::exit(ctin::cli::run(std::env::args_os()));
}
