//! `servicelint server`: a Language Server Protocol server over stdio.
//!
//! Documents are linted by the library's one-document pipeline ([`crate::run::lint_bytes`]) on a
//! worker thread: on open and save at once, on change after a short pause (the latest text wins;
//! a result for an older text is dropped). Each document's findings, with the cross-document
//! `time/inconsistent` judged over the open documents of the same config, are published as
//! diagnostics in the negotiated position encoding ([`positions`]); quick fixes and hover are in
//! [`actions`]; which config and rules a document gets is [`workspace`]. Nothing is written to disk.

mod actions;
pub mod positions;
mod transport;
pub mod workspace;

use crate::engine::cross::ConsistencyIndex;
use crate::error::Error;
use crate::finding::{FileReport, Finding, Level};
use crate::model::Lang;
use crate::span::Span;
use crossbeam_channel::{Receiver, Sender, select, unbounded};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, HoverParams, HoverProviderCapability, InitializeParams,
    InitializeResult, Location, MessageType, NumberOrString, PublishDiagnosticsParams, Range,
    SaveOptions, ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use positions::{Encoding, LineMap};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use transport::{Incoming, Writer};
pub use workspace::{Flags, Loader};
use workspace::{Profile, Workspace};

/// How long typing must pause before a changed document is linted again.
const DEBOUNCE: Duration = Duration::from_millis(120);

/// Run the server on standard input and output until `exit`; the exit code is 0 after a
/// `shutdown` request, 1 otherwise (as the protocol asks).
pub fn run(flags: Flags, loader: Loader) -> Result<u8, Error> {
    let mut ws = Workspace::new(flags, loader);
    ws.check_flags()?;
    let input = transport::stdin_reader();
    let mut out = Writer::new(std::io::stdout().lock());
    Ok(serve(ws, &input, &mut out).unwrap_or(1))
}

/// One open document.
pub(crate) struct Doc {
    uri: Uri,
    text: String,
    /// Counts changes of the text (or of what it is linted with): a result for an older one is stale.
    generation: u64,
    path: Option<PathBuf>,
    shown: String,
    profile: Arc<Profile>,
    /// A config problem that made the document fall back to the defaults.
    problem: Option<String>,
    linted: Option<Linted>,
}

/// The last lint of a document whose text has not changed since.
pub(crate) struct Linted {
    report: FileReport,
    map: LineMap,
    /// Its own findings and the cross-document ones, sorted.
    findings: Vec<Finding>,
    /// The message language.
    ui: Lang,
    /// The editor's text starts with a byte-order mark the reader dropped.
    bom: bool,
}

impl Linted {
    /// The range of a span of the linted text in the editor's text.
    pub(crate) fn range(&self, span: Span, enc: Encoding) -> Range {
        let mut r = self.map.range(&self.report.text, span.start, span.end, enc);
        if self.bom {
            let w = match enc {
                Encoding::Utf8 => 3,
                Encoding::Utf16 => 1,
            };
            for p in [&mut r.start, &mut r.end] {
                if p.line == 0 {
                    p.character += w;
                }
            }
        }
        r
    }
}

/// A lint for the worker thread.
struct Job {
    uri: String,
    generation: u64,
    text: String,
    shown: String,
    profile: Arc<Profile>,
}

/// A lint done.
struct Done {
    uri: String,
    generation: u64,
    report: FileReport,
}

fn worker(jobs: &Receiver<Job>, done: &Sender<Done>) {
    for job in jobs {
        // The pipeline never panics on input; should a bug make it, the server keeps serving.
        let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let engine = job.profile.engine();
            crate::run::lint_bytes(
                &job.shown,
                job.text.as_bytes(),
                &job.profile.settings,
                &engine,
            )
        }))
        .unwrap_or_else(|_| {
            FileReport::unreadable(&job.shown, "internal error while linting".into())
        });
        let done_one = Done {
            uri: job.uri,
            generation: job.generation,
            report,
        };
        if done.send(done_one).is_err() {
            return;
        }
    }
}

struct Server<'w, W: Write> {
    out: &'w mut Writer<W>,
    ws: Workspace,
    enc: Encoding,
    root: Option<PathBuf>,
    docs: HashMap<String, Doc>,
    /// Documents waiting to be linted, with when.
    pending: HashMap<String, Instant>,
    jobs: Sender<Job>,
    shutdown: bool,
}

/// The protocol loop; `Err` when the output is gone.
fn serve<W: Write>(
    ws: Workspace,
    input: &Receiver<Incoming>,
    out: &mut Writer<W>,
) -> std::io::Result<u8> {
    // The handshake: nothing but `initialize` is answered before it.
    let (id, params) = loop {
        match input.recv() {
            Ok(Incoming::Message(Message::Request(req))) if req.method == "initialize" => {
                break (req.id, req.params);
            }
            Ok(Incoming::Message(Message::Request(req))) => {
                out.send(error(
                    req.id,
                    ErrorCode::ServerNotInitialized,
                    "the server is not initialized",
                ))?;
            }
            Ok(Incoming::Message(Message::Notification(n))) if n.method == "exit" => return Ok(1),
            Ok(Incoming::Message(_)) => {}
            Ok(Incoming::Malformed(why)) => out.parse_error(&why)?,
            Ok(Incoming::Closed) | Err(_) => return Ok(1),
        }
    };
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(p) => p,
        Err(e) => {
            out.send(error(id, ErrorCode::InvalidParams, &e.to_string()))?;
            return Ok(1);
        }
    };
    let enc = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    #[allow(deprecated)]
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.as_str().to_string())
        .or_else(|| params.root_uri.as_ref().map(|u| u.as_str().to_string()))
        .and_then(|u| workspace::uri_to_path(&u));
    out.send(Response::new_ok(id, initialize_result(enc)).into())?;

    let (jobs, job_rx) = unbounded::<Job>();
    let (done_tx, done) = unbounded::<Done>();
    std::thread::spawn(move || worker(&job_rx, &done_tx));
    let mut server = Server {
        out,
        ws,
        enc,
        root,
        docs: HashMap::new(),
        pending: HashMap::new(),
        jobs,
        shutdown: false,
    };
    loop {
        let now = Instant::now();
        let wait = server
            .pending
            .values()
            .min()
            .map_or(Duration::from_secs(3600), |at| {
                at.saturating_duration_since(now)
            });
        select! {
            recv(input) -> msg => match msg {
                Ok(Incoming::Message(Message::Notification(n))) if n.method == "exit" => {
                    return Ok(if server.shutdown { 0 } else { 1 });
                }
                Ok(Incoming::Message(Message::Request(req))) => server.request(req)?,
                Ok(Incoming::Message(Message::Notification(n))) => server.notification(n)?,
                Ok(Incoming::Message(Message::Response(_))) => {}
                Ok(Incoming::Malformed(why)) => server.out.parse_error(&why)?,
                Ok(Incoming::Closed) | Err(_) => return Ok(1),
            },
            recv(done) -> d => if let Ok(d) = d { server.done(d)? },
            default(wait) => {}
        }
        server.dispatch_due();
    }
}

fn initialize_result(enc: Encoding) -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(enc.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(true),
                    })),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "servicelint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    }
}

fn error(id: RequestId, code: ErrorCode, message: &str) -> Message {
    Response::new_err(id, code as i32, message.to_string()).into()
}

impl<W: Write> Server<'_, W> {
    fn request(&mut self, req: Request) -> std::io::Result<()> {
        if self.shutdown {
            return self.out.send(error(
                req.id,
                ErrorCode::InvalidRequest,
                "the server is shutting down",
            ));
        }
        let id = req.id.clone();
        let reply = match req.method.as_str() {
            lsp_types::request::Shutdown::METHOD => {
                self.shutdown = true;
                Ok(serde_json::Value::Null)
            }
            lsp_types::request::Initialize::METHOD => Err((
                ErrorCode::InvalidRequest,
                "initialize was already received".to_string(),
            )),
            lsp_types::request::CodeActionRequest::METHOD => {
                params::<CodeActionParams>(req).map(|p| self.code_actions(&p))
            }
            lsp_types::request::HoverRequest::METHOD => {
                params::<HoverParams>(req).map(|p| self.hover(&p))
            }
            other => Err((
                ErrorCode::MethodNotFound,
                format!("servicelint does not handle {other}"),
            )),
        };
        let message = match reply {
            Ok(value) => Response {
                id,
                response_result: Ok(value),
            }
            .into(),
            Err((code, why)) => error(id, code, &why),
        };
        self.out.send(message)
    }

    fn notification(&mut self, n: Notification) -> std::io::Result<()> {
        use lsp_types::notification as note;
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                if let Ok(p) = note_params::<DidOpenTextDocumentParams>(n) {
                    self.open(p.text_document.uri, p.text_document.text);
                }
            }
            note::DidChangeTextDocument::METHOD => {
                if let Ok(p) = note_params::<DidChangeTextDocumentParams>(n) {
                    self.change(&p);
                }
            }
            note::DidSaveTextDocument::METHOD => {
                if let Ok(p) = note_params::<DidSaveTextDocumentParams>(n) {
                    self.save(&p);
                }
            }
            note::DidCloseTextDocument::METHOD => {
                if let Ok(p) = note_params::<DidCloseTextDocumentParams>(n) {
                    self.close(&p.text_document.uri)?;
                }
            }
            note::DidChangeWatchedFiles::METHOD => {
                // A config may have changed: lint every document again (profiles reload by mtime).
                let all: Vec<String> = self.docs.keys().cloned().collect();
                for uri in all {
                    self.touch(&uri, Duration::ZERO);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn open(&mut self, uri: Uri, text: String) {
        let key = uri.as_str().to_string();
        let path = workspace::uri_to_path(&key);
        let (profile, problem) = match self.ws.profile_for(path.as_deref()) {
            Ok(p) => p,
            Err(why) => {
                let _ = self.show(MessageType::ERROR, &why);
                return;
            }
        };
        let shown = self.shown(path.as_deref(), &profile, &key);
        let generation = self.docs.get(&key).map_or(0, |d| d.generation + 1);
        self.docs.insert(
            key.clone(),
            Doc {
                uri,
                text,
                generation,
                path,
                shown,
                profile,
                problem,
                linted: None,
            },
        );
        self.pending.insert(key, Instant::now());
    }

    fn shown(&self, path: Option<&std::path::Path>, profile: &Profile, uri: &str) -> String {
        path.map_or_else(
            || uri.to_string(),
            |p| workspace::shown_path(p, profile.base(), self.root.as_deref()),
        )
    }

    fn change(&mut self, p: &DidChangeTextDocumentParams) {
        let key = p.text_document.uri.as_str();
        let Some(doc) = self.docs.get_mut(key) else {
            return;
        };
        // Full sync: the last change holds the whole text.
        let Some(last) = p.content_changes.iter().rev().find(|c| c.range.is_none()) else {
            return;
        };
        doc.text = last.text.clone();
        doc.generation += 1;
        doc.linted = None;
        self.pending
            .insert(key.to_string(), Instant::now() + DEBOUNCE);
    }

    fn save(&mut self, p: &DidSaveTextDocumentParams) {
        let key = p.text_document.uri.as_str().to_string();
        if let Some(doc) = self.docs.get_mut(&key)
            && let Some(text) = &p.text
            && *text != doc.text
        {
            doc.text = text.clone();
            doc.linted = None;
        }
        if key.ends_with(".toml") {
            // A config saved in the editor: every document may see it.
            let all: Vec<String> = self.docs.keys().cloned().collect();
            for uri in all {
                self.touch(&uri, Duration::ZERO);
            }
        } else {
            self.touch(&key, Duration::ZERO);
        }
    }

    /// Lint a document again after `after`, even if its text did not change.
    fn touch(&mut self, key: &str, after: Duration) {
        if let Some(doc) = self.docs.get_mut(key) {
            doc.generation += 1;
            self.pending.insert(key.to_string(), Instant::now() + after);
        }
    }

    fn close(&mut self, uri: &Uri) -> std::io::Result<()> {
        let key = uri.as_str();
        self.pending.remove(key);
        if let Some(doc) = self.docs.remove(key) {
            self.publish_raw(uri.clone(), Vec::new())?;
            // Its time standards no longer count against the others.
            self.cross(&doc.profile, None)?;
        }
        Ok(())
    }

    /// Hand every document whose pause is over to the worker, each with its config of now.
    fn dispatch_due(&mut self) {
        let now = Instant::now();
        let due: Vec<String> = self
            .pending
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(k, _)| k.clone())
            .collect();
        for key in due {
            self.pending.remove(&key);
            let Some(doc) = self.docs.get(&key) else {
                continue;
            };
            let path = doc.path.clone();
            let (profile, problem) = match self.ws.profile_for(path.as_deref()) {
                Ok(p) => p,
                Err(why) => {
                    let _ = self.show(MessageType::ERROR, &why);
                    continue;
                }
            };
            let shown = self.shown(path.as_deref(), &profile, &key);
            let Some(doc) = self.docs.get_mut(&key) else {
                continue;
            };
            if problem.is_some() && problem != doc.problem {
                let why = problem.clone().unwrap_or_default();
                doc.problem = problem;
                let _ = self.show(MessageType::WARNING, &why);
            } else {
                doc.problem = problem;
            }
            let Some(doc) = self.docs.get_mut(&key) else {
                continue;
            };
            if !Arc::ptr_eq(&doc.profile, &profile) {
                // Its config changed: the documents that shared the old one follow, so that
                // consistency is judged among documents linted with the same config.
                let old = std::mem::replace(&mut doc.profile, profile.clone());
                let followers: Vec<String> = self
                    .docs
                    .iter()
                    .filter(|(k, d)| **k != key && Arc::ptr_eq(&d.profile, &old))
                    .map(|(k, _)| k.clone())
                    .collect();
                for k in followers {
                    self.touch(&k, Duration::ZERO);
                }
            }
            let Some(doc) = self.docs.get_mut(&key) else {
                continue;
            };
            doc.shown = shown.clone();
            let job = Job {
                uri: key.clone(),
                generation: doc.generation,
                text: doc.text.clone(),
                shown,
                profile,
            };
            let _ = self.jobs.send(job);
        }
    }

    /// A lint finished: keep it if the document has not changed since, then judge consistency.
    fn done(&mut self, d: Done) -> std::io::Result<()> {
        let Some(doc) = self.docs.get_mut(&d.uri) else {
            return Ok(());
        };
        if doc.generation != d.generation {
            return Ok(());
        }
        if let Some(why) = &d.report.error {
            let why = format!("{}: {why}", d.report.path);
            return self.show(MessageType::ERROR, &why);
        }
        let engine = doc.profile.engine();
        let ui = engine.ui.for_doc(d.report.lang.unwrap_or(Lang::En));
        doc.linted = Some(Linted {
            map: LineMap::new(&d.report.text),
            findings: d.report.findings.clone(),
            bom: doc.text.starts_with('\u{FEFF}'),
            report: d.report,
            ui,
        });
        let profile = doc.profile.clone();
        self.cross(&profile, Some(&d.uri))
    }

    /// Judge time consistency across the linted open documents of `profile` and publish each
    /// whose findings changed (and `always`, the one just linted).
    fn cross(&mut self, profile: &Arc<Profile>, always: Option<&str>) -> std::io::Result<()> {
        let group: Vec<String> = self
            .docs
            .iter()
            .filter(|(_, d)| Arc::ptr_eq(&d.profile, profile) && d.linted.is_some())
            .map(|(k, _)| k.clone())
            .collect();
        let mut index = ConsistencyIndex::default();
        for k in &group {
            if let Some(l) = self.docs.get(k).and_then(|d| d.linted.as_ref()) {
                index.add(&l.report);
            }
        }
        let engine = profile.engine();
        let mut publish = Vec::new();
        for k in &group {
            let Some(l) = self.docs.get_mut(k).and_then(|d| d.linted.as_mut()) else {
                continue;
            };
            let mut findings = l.report.findings.clone();
            findings.extend(engine.inconsistencies(&index, &l.report));
            crate::engine::sort(&mut findings);
            if findings != l.findings || always == Some(k.as_str()) {
                l.findings = findings;
                publish.push(k.clone());
            }
        }
        for k in publish {
            let diags = self.diagnostics(&k);
            if let Some(doc) = self.docs.get(&k) {
                let uri = doc.uri.clone();
                self.publish_raw(uri, diags)?;
            }
        }
        Ok(())
    }

    fn diagnostics(&self, key: &str) -> Vec<Diagnostic> {
        let Some(doc) = self.docs.get(key) else {
            return Vec::new();
        };
        let Some(l) = &doc.linted else {
            return Vec::new();
        };
        let others: Vec<&Doc> = self
            .docs
            .values()
            .filter(|d| Arc::ptr_eq(&d.profile, &doc.profile))
            .collect();
        l.findings
            .iter()
            .map(|f| diagnostic(doc, l, f, self.enc, &others))
            .collect()
    }

    fn publish_raw(&mut self, uri: Uri, diagnostics: Vec<Diagnostic>) -> std::io::Result<()> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        };
        self.out.send(
            Notification::new(
                lsp_types::notification::PublishDiagnostics::METHOD.to_string(),
                params,
            )
            .into(),
        )
    }

    fn show(&mut self, typ: MessageType, message: &str) -> std::io::Result<()> {
        self.out.send(
            Notification::new(
                lsp_types::notification::ShowMessage::METHOD.to_string(),
                ShowMessageParams {
                    typ,
                    message: format!("servicelint: {message}"),
                },
            )
            .into(),
        )
    }

    /// The document and its last lint, if that lint is of its current text.
    fn linted(&self, uri: &Uri) -> Option<(&Doc, &Linted)> {
        let doc = self.docs.get(uri.as_str())?;
        Some((doc, doc.linted.as_ref()?))
    }

    fn code_actions(&self, p: &CodeActionParams) -> serde_json::Value {
        let actions: Vec<CodeActionOrCommand> = self
            .linted(&p.text_document.uri)
            .map(|(doc, l)| actions::code_actions(doc, l, p.range, self.enc))
            .unwrap_or_default()
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect();
        serde_json::to_value(actions).unwrap_or_default()
    }

    fn hover(&self, p: &HoverParams) -> serde_json::Value {
        let at = &p.text_document_position_params;
        self.linted(&at.text_document.uri)
            .and_then(|(doc, l)| actions::hover(doc, l, at.position, self.enc))
            .and_then(|h| serde_json::to_value(h).ok())
            .unwrap_or(serde_json::Value::Null)
    }
}

fn params<P: serde::de::DeserializeOwned>(req: Request) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(req.params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn note_params<P: serde::de::DeserializeOwned>(n: Notification) -> Result<P, serde_json::Error> {
    serde_json::from_value(n.params)
}

/// A finding as a diagnostic: the rule id as `code`, the level as severity, labels and the other
/// documents' places (from `others`, the open documents of the same config) as related information.
pub(crate) fn diagnostic(
    doc: &Doc,
    l: &Linted,
    f: &Finding,
    enc: Encoding,
    others: &[&Doc],
) -> Diagnostic {
    let severity = match f.level {
        Level::Error => DiagnosticSeverity::ERROR,
        Level::Warning => DiagnosticSeverity::WARNING,
        Level::Info | Level::Off => DiagnosticSeverity::INFORMATION,
    };
    let mut related: Vec<DiagnosticRelatedInformation> = f
        .labels
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(doc.uri.clone(), l.range(label.span, enc)),
            message: label.message.clone(),
        })
        .collect();
    for r in &f.related {
        let Some(other) = others.iter().find(|d| d.shown == r.path) else {
            continue;
        };
        let Some(ol) = &other.linted else {
            continue;
        };
        let mut pos = positions::from_line_column(&ol.map, &ol.report.text, r.line, r.column, enc);
        if ol.bom && pos.line == 0 {
            pos.character += if enc == Encoding::Utf8 { 3 } else { 1 };
        }
        related.push(DiagnosticRelatedInformation {
            location: Location::new(other.uri.clone(), Range::new(pos, pos)),
            message: r.message.clone(),
        });
    }
    let mut data = serde_json::Map::new();
    if let Some(help) = &f.help {
        data.insert("help".into(), help.clone().into());
    }
    if let Some(s) = &f.suggestion {
        data.insert("suggestion".into(), s.clone().into());
    }
    Diagnostic {
        range: l.range(f.span, enc),
        severity: Some(severity),
        code: Some(NumberOrString::String(f.rule.clone())),
        code_description: None,
        source: Some("servicelint".into()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: (!data.is_empty()).then_some(serde_json::Value::Object(data)),
    }
}
