use std::process::ExitCode;

fn main() -> ExitCode {
    huong::cli::run(std::env::args_os())
}
