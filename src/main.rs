//! The `servicelint` binary: parse arguments, run, exit with 0, 1 or 2.

use clap::Parser;
use std::process::ExitCode;

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
