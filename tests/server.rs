//! `servicelint server` as an editor sees it: the binary started, JSON-RPC over its stdio.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(args: &[&str], dir: &std::path::Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_servicelint"))
            .arg("server")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("server starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("Content-Length")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&body).expect("server sends JSON");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            next_id: 1,
        }
    }

    fn raw(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).expect("write");
        self.stdin.write_all(body).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn send(&mut self, v: Value) {
        self.raw(v.to_string().as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and wait for its response (notifications on the way are kept aside).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m["id"] == json!(id))
    }

    fn wait_for(&mut self, want: impl Fn(&Value) -> bool) -> Value {
        let end = Instant::now() + WAIT;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) if want(&m) => return m,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => panic!("no such message within {WAIT:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("server closed its output"),
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn initialize(&mut self, encodings: &[&str]) -> Value {
        let caps = if encodings.is_empty() {
            json!({})
        } else {
            json!({"general": {"positionEncodings": encodings}})
        };
        let r = self.request(
            "initialize",
            json!({"capabilities": caps, "processId": null}),
        );
        self.notify("initialized", json!({}));
        r
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// shutdown, exit, and the exit code.
    fn stop(mut self) -> i32 {
        let r = self.request("shutdown", json!(null));
        assert_eq!(r["result"], Value::Null, "{r}");
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", json!(null));
        let end = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < end, "server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri_of(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

fn by_rule<'a>(diags: &'a [Value], rule: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == rule).collect()
}

fn range(d: &Value) -> (u64, u64, u64, u64) {
    let r = &d["range"];
    let n = |v: &Value| v.as_u64().expect("number");
    (
        n(&r["start"]["line"]),
        n(&r["start"]["character"]),
        n(&r["end"]["line"]),
        n(&r["end"]["character"]),
    )
}

const BAD: &str =
    "客服：您好，请问有什么可以帮您？\n顾客：我的订单还没到。\n客服：😀 这个我不知道。\n";
const FIXED: &str = "客服：您好，请问有什么可以帮您？\n顾客：我的订单还没到。\n客服：非常抱歉让您久等了，😀 我帮您确认一下。感谢您的来电，再见！\n";

#[test]
fn open_change_code_action_hover_and_clean_exit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("script.md");
    let uri = uri_of(&path);
    let mut c = Client::start(&["--isolated"], dir.path());
    let init = c.initialize(&[]);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["result"]["serverInfo"]["name"], "servicelint");

    c.open(&uri, BAD);
    let diags = c.diagnostics(&uri);
    let negative = by_rule(&diags, "phrasing/negative");
    assert_eq!(negative.len(), 1, "{diags:?}");
    let d = negative[0];
    // "客服：😀 这个我" is 3 + 2 (the emoji is a surrogate pair) + 1 + 3 = 9 UTF-16 units.
    assert_eq!(range(d), (2, 9, 2, 12));
    assert_eq!(d["severity"], 2);
    assert_eq!(d["source"], "servicelint");
    assert_eq!(d["message"], "负面说法：“不知道”");
    assert_eq!(range(by_rule(&diags, "apology/missing")[0]), (1, 7, 1, 10));
    assert_eq!(by_rule(&diags, "apology/missing")[0]["severity"], 1);

    // The quick fixes at the finding: the suggestion replacing exactly the span, not preferred,
    // and a directive above the line.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let actions = actions["result"].as_array().expect("actions").clone();
    let replace = actions
        .iter()
        .find(|a| a["edit"]["changes"][&uri][0]["newText"] == "帮您确认一下")
        .expect("a replacement");
    assert_eq!(replace["kind"], "quickfix");
    assert_eq!(replace["isPreferred"], false);
    assert_eq!(replace["edit"]["changes"][&uri][0]["range"], d["range"]);
    let directive = actions
        .iter()
        .find(|a| {
            a["edit"]["changes"][&uri][0]["newText"]
                == "<!-- servicelint-disable-next-line phrasing/negative -->\n"
        })
        .expect("a directive");
    assert_eq!(
        directive["edit"]["changes"][&uri][0]["range"],
        json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}})
    );

    // Hover: the rule's standard in the document's language.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 10}}),
    );
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .expect("markdown");
    assert!(text.contains("phrasing/negative"), "{text}");
    assert!(text.contains("## 为什么"), "{text}");
    assert!(text.contains("## 不会触发的例子"), "{text}");
    assert!(!text.contains("## 配置与关闭"), "{text}");
    let nothing = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}),
    );
    assert_eq!(nothing["result"], Value::Null);

    // Typing: two quick changes, the last one fixes the text; only its result is published.
    c.change(&uri, 2, &BAD.replace("还没到", "还没到，我不知道"));
    c.change(&uri, 3, FIXED);
    let diags = c.diagnostics(&uri);
    assert!(by_rule(&diags, "phrasing/negative").is_empty(), "{diags:?}");
    assert!(by_rule(&diags, "apology/missing").is_empty(), "{diags:?}");

    // Closing clears them.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(c.diagnostics(&uri).is_empty());
    assert_eq!(c.stop(), 0);
    assert!(!path.exists(), "the server never writes the document");
}

#[test]
fn utf8_positions_when_offered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let uri = uri_of(&dir.path().join("a.md"));
    let mut c = Client::start(&["--isolated"], dir.path());
    let init = c.initialize(&["utf-16", "utf-8"]);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    c.open(&uri, BAD);
    let diags = c.diagnostics(&uri);
    // "客服：" 9 bytes + "😀" 4 + " " 1 + "这个我" 9 = 23 bytes.
    assert_eq!(
        range(by_rule(&diags, "phrasing/negative")[0]),
        (2, 23, 2, 32)
    );
    assert_eq!(c.stop(), 0);
}

#[test]
fn malformed_messages_get_errors_not_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut c = Client::start(&["--isolated"], dir.path());
    // Before initialize, requests are refused.
    let early = c.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    c.initialize(&[]);
    c.raw(b"{this is not json");
    let parse = c.wait_for(|m| m.get("error").is_some());
    assert_eq!(parse["error"]["code"], -32700, "{parse}");
    assert_eq!(parse["id"], Value::Null);
    let bad = c.request("textDocument/codeAction", json!({"textDocument": 5}));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    let unknown = c.request("workspace/frobnicate", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    // Notifications with bad params are dropped; the server still answers.
    c.notify("textDocument/didOpen", json!({"textDocument": "nope"}));
    let uri = uri_of(&dir.path().join("b.md"));
    c.open(&uri, BAD);
    assert!(!c.diagnostics(&uri).is_empty());
    assert_eq!(c.stop(), 0);
}

#[test]
fn exit_without_shutdown_is_code_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut c = Client::start(&["--isolated"], dir.path());
    c.initialize(&[]);
    c.notify("exit", json!(null));
    let end = Instant::now() + WAIT;
    let code = loop {
        if let Some(s) = c.child.try_wait().expect("wait") {
            break s.code();
        }
        assert!(Instant::now() < end);
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(code, Some(1));
}

#[test]
fn time_standards_are_compared_across_open_documents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = uri_of(&dir.path().join("front.md"));
    let b = uri_of(&dir.path().join("night.md"));
    let mut c = Client::start(&["--isolated"], dir.path());
    c.initialize(&[]);
    let sop = |n: u32| format!("---\nkind: sop\n---\n# 前台\n- 电话铃响{n}声内接听\n");
    c.open(&a, &sop(3));
    assert!(by_rule(&c.diagnostics(&a), "time/inconsistent").is_empty());
    c.open(&b, &sop(5));
    let mut seen = std::collections::HashMap::new();
    while seen.len() < 2 {
        let m = c.wait_for(|m| m["method"] == "textDocument/publishDiagnostics");
        let uri = m["params"]["uri"].as_str().expect("uri").to_string();
        seen.insert(uri, m["params"]["diagnostics"].clone());
    }
    for (mine, other) in [(&a, &b), (&b, &a)] {
        let diags = seen[mine.as_str()].as_array().expect("array").clone();
        let found = by_rule(&diags, "time/inconsistent");
        assert_eq!(found.len(), 1, "{mine}: {diags:?}");
        let related = &found[0]["relatedInformation"][0]["location"];
        assert_eq!(related["uri"], other.as_str());
        assert_eq!(related["range"]["start"]["line"], 4);
    }
    // Closing one takes its standard away from the other.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": b}}));
    let mut cleared_a = false;
    while !cleared_a {
        let m = c.wait_for(|m| m["method"] == "textDocument/publishDiagnostics");
        if m["params"]["uri"] == a.as_str() {
            let diags = m["params"]["diagnostics"]
                .as_array()
                .expect("array")
                .clone();
            assert!(by_rule(&diags, "time/inconsistent").is_empty());
            cleared_a = true;
        }
    }
    assert_eq!(c.stop(), 0);
}

#[test]
fn nearest_config_is_used_and_read_again_when_it_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sub = dir.path().join("team");
    std::fs::create_dir(&sub).expect("mkdir");
    let config = sub.join("servicelint.toml");
    std::fs::write(&config, "[rules]\n\"phrasing/negative\" = \"off\"\n").expect("write");
    let uri = uri_of(&sub.join("a.md"));
    let mut c = Client::start(&[], dir.path());
    c.initialize(&[]);
    c.open(&uri, BAD);
    let diags = c.diagnostics(&uri);
    assert!(by_rule(&diags, "phrasing/negative").is_empty(), "{diags:?}");
    assert!(!by_rule(&diags, "apology/missing").is_empty(), "{diags:?}");
    // Make sure the modification time moves on coarse file systems.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(&config, "[rules]\n\"phrasing/negative\" = \"error\"\n").expect("write");
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}, "text": BAD}),
    );
    let diags = c.diagnostics(&uri);
    let negative = by_rule(&diags, "phrasing/negative");
    assert_eq!(negative.len(), 1, "{diags:?}");
    assert_eq!(negative[0]["severity"], 1);
    // A broken config: a warning, and the defaults meanwhile.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(&config, "[rules\n").expect("write");
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}, "text": BAD}),
    );
    let shown = c.wait_for(|m| m["method"] == "window/showMessage");
    assert!(
        shown["params"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("servicelint.toml")),
        "{shown}"
    );
    let diags = c.diagnostics(&uri);
    assert_eq!(by_rule(&diags, "phrasing/negative")[0]["severity"], 2);
    assert_eq!(c.stop(), 0);
    assert_eq!(
        std::fs::read_to_string(&config).expect("read"),
        "[rules\n",
        "the server never writes files"
    );
}

/// A real client: Neovim headless with editors/neovim/servicelint.lua (tests/nvim/run.sh) shows
/// the findings of `check --format json` at the same places and applies the quick fix on 不知道:
/// on the example script, and on a line with emoji and a CJK ideograph outside the BMP before it.
#[test]
fn neovim_shows_what_check_prints() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/nvim/run.sh");
    for file in ["examples/zh/phone-script-bad.md", "tests/nvim/emoji-zh.md"] {
        let out = Command::new("bash")
            .arg(script)
            .arg(env!("CARGO_BIN_EXE_servicelint"))
            .arg(file)
            .output()
            .expect("bash runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if out.status.code() == Some(77) {
            eprintln!("skipped: {text}");
            return;
        }
        assert!(out.status.success(), "{file}: {text}");
        assert!(text.contains("the same as check"), "{file}: {text}");
    }
}
