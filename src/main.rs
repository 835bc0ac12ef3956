//! The `servicelint` binary: parse arguments, run, exit with 0, 1 or 2.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: the linter allocates many small, short-lived buffers per file on every thread, where
/// glibc's allocator spent about a tenth of all instructions in malloc and free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match servicelint::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = servicelint::cli::run(cli, &mut stdout.lock(), &mut stderr.lock());
    ExitCode::from(code)
}
