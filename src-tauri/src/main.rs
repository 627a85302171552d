// No console window on Windows release builds; the CLI still writes to the parent console.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    match peerdesk_cli::dispatch(std::env::args_os()) {
        peerdesk_cli::Invocation::Window(options) => peerdesk_app::run(options),
        peerdesk_cli::Invocation::Exit(code) => std::process::exit(code),
    }
}
