//! JSON-RPC over stdio: `lsp-server`'s message framing and types, with a reader that survives a
//! malformed message (it becomes an error response, not the end of the connection).

use crossbeam_channel::{Receiver, Sender, unbounded};
use lsp_server::Message;
use std::io::{BufReader, Write};

/// What the reader thread hands the main loop.
#[derive(Debug)]
pub enum Incoming {
    /// A well-formed message.
    Message(Message),
    /// A frame whose payload is not a JSON-RPC message; the text says why.
    Malformed(String),
    /// Standard input ended or failed.
    Closed,
}

/// Start the reader thread over standard input; messages arrive on the returned channel.
pub fn stdin_reader() -> Receiver<Incoming> {
    let (tx, rx) = unbounded();
    std::thread::spawn(move || read_loop(std::io::stdin().lock(), &tx));
    rx
}

/// Read framed messages until the stream ends or an `exit` notification passes.
pub fn read_loop(input: impl std::io::Read, tx: &Sender<Incoming>) {
    let mut input = BufReader::new(input);
    loop {
        match Message::read(&mut input) {
            Ok(Some(message)) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if tx.send(Incoming::Message(message)).is_err() || exit {
                    return;
                }
            }
            Ok(None) => break,
            // The frame was read whole (its payload was bad JSON or not a message): go on after it.
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                if tx.send(Incoming::Malformed(e.to_string())).is_err() {
                    return;
                }
            }
            Err(_) => break,
        }
    }
    let _ = tx.send(Incoming::Closed);
}

/// Writes messages to standard output, one frame each.
pub struct Writer<W: Write> {
    out: W,
}

impl<W: Write> Writer<W> {
    /// A writer over `out`.
    pub fn new(out: W) -> Self {
        Writer { out }
    }

    /// Send a message.
    pub fn send(&mut self, message: Message) -> std::io::Result<()> {
        message.write(&mut self.out)?;
        self.out.flush()
    }

    /// Answer a payload that could not be read (JSON-RPC: id null, code -32700 parse error).
    pub fn parse_error(&mut self, why: &str) -> std::io::Result<()> {
        let body = serde_json::json!({
            "jsonrpc": "2.0",
            "id": null,
            "error": { "code": -32700, "message": why },
        })
        .to_string();
        write!(self.out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        self.out.flush()
    }
}
