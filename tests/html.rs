//! `--format html` (issue 14): the report of examples/ rendered in headless Chromium, checked from
//! the DOM (every finding of the JSON output highlighted on the right text, one quadrant mark per
//! typed document), a screenshot, the page's structure as a snapshot (not its bytes), and a
//! hostile document that must render as text within the documented size bound.
//!
//! Without `chromium` on the PATH the browser checks are skipped with a message (.ci/run installs
//! it); the structure and escaping checks run everywhere.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A folder for this test's files under cargo's target tmp dir (kept, so the screenshot stays).
fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).expect("output folder");
    dir
}

fn check(cwd: &Path, format: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::cargo_bin("servicelint")
        .expect("binary builds")
        .current_dir(cwd)
        .args(["check", "--isolated", "--format", format])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn browser(bin: &str, args: &[&str], page: &Path) -> std::process::Output {
    std::process::Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs")
}

/// The DOM after scripts ran, as Chromium serialises it.
fn dump_dom(bin: &str, page: &Path) -> String {
    let out = browser(bin, &["--dump-dom"], page);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 DOM")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The text between `open`'s end and the next `close`, from `at`.
fn between<'a>(s: &'a str, at: usize, close: &str) -> &'a str {
    let end = s[at..].find(close).map_or(s.len(), |e| at + e);
    &s[at..end]
}

/// One document section of a page: its path, its text and the text each finding id highlights.
struct DocView {
    n: String,
    path: String,
    text: String,
    marked: std::collections::BTreeMap<String, String>,
    points: Vec<String>,
}

/// Read the document sections of a page (ours, or Chromium's serialisation of it): marks do not
/// nest and hold text only, so a scan over the tags is exact. The page writes a newline after
/// `<pre>` that the HTML parser drops (so a text starting with one keeps it); in our own page
/// (`raw`) it is dropped here.
fn documents(page: &str) -> Vec<DocView> {
    documents_of(page, true)
}

fn documents_of(page: &str, raw: bool) -> Vec<DocView> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find("<section class=\"doc\" id=\"doc-") {
        rest = &rest[at..];
        let head = between(rest, 0, ">");
        let n = between(head, head.find("id=\"doc-").unwrap_or(0) + 8, "\"").to_string();
        let path = unescape(between(
            head,
            head.find("data-path=\"").map_or(0, |p| p + 11),
            "\"",
        ));
        let Some(pre) = rest.find("<pre class=\"text\">") else {
            rest = &rest[1..];
            continue;
        };
        let mut body = between(rest, pre + 18, "</pre>");
        if raw {
            body = body.strip_prefix('\n').unwrap_or(body);
        }
        let mut text = String::new();
        let mut marked = std::collections::BTreeMap::new();
        let mut points = Vec::new();
        let mut b = body;
        while !b.is_empty() {
            match b.find("<mark") {
                None => {
                    text.push_str(&unescape(b));
                    break;
                }
                Some(m) => {
                    text.push_str(&unescape(&b[..m]));
                    let tag_end = m + b[m..].find('>').expect("tag end");
                    let tag = &b[m..tag_end];
                    let ids = between(tag, tag.find("data-f=\"").map_or(0, |p| p + 8), "\"");
                    let close = tag_end + b[tag_end..].find("</mark>").expect("mark closes");
                    let inner = unescape(&b[tag_end + 1..close]);
                    for id in ids.split(' ').filter(|s| !s.is_empty()) {
                        if inner.is_empty() {
                            points.push(id.to_string());
                        } else {
                            marked
                                .entry(id.to_string())
                                .or_insert_with(String::new)
                                .push_str(&inner);
                        }
                    }
                    text.push_str(&inner);
                    b = &b[close + 7..];
                }
            }
        }
        out.push(DocView {
            n,
            path,
            text,
            marked,
            points,
        });
        rest = &rest[1..];
    }
    out
}

/// The quadrant's marks: the `data-path` of each circle inside `<svg … id="quadrant">`.
fn quadrant_marks(page: &str) -> Vec<String> {
    let start = page.find("id=\"quadrant\"").expect("the quadrant");
    let svg = between(page, start, "</svg>");
    svg.match_indices("<circle")
        .map(|(at, _)| {
            let tag = between(svg, at, ">");
            unescape(between(
                tag,
                tag.find("data-path=\"").map_or(0, |p| p + 11),
                "\"",
            ))
        })
        .collect()
}

/// Every finding of the JSON output is highlighted in its document's section of `marked` on
/// exactly its text, taken from our own page (`page`, which keeps the text as linted). A browser
/// turns CR LF into LF as it parses, so CRs are left out of the comparison.
fn assert_findings_highlighted(page: &str, marked: &[DocView], json: &Value) {
    let docs = documents(page);
    let files = json["files"].as_array().expect("files");
    let readable = files.iter().filter(|f| f["error"].is_null()).count();
    assert_eq!(
        docs.len(),
        readable,
        "one section with text per readable file"
    );
    assert_eq!(
        marked.len(),
        readable,
        "one section with text per readable file"
    );
    let mut checked = 0;
    for f in files.iter().filter(|f| f["error"].is_null()) {
        let path = f["path"].as_str().expect("path");
        let doc = docs
            .iter()
            .find(|d| d.path == path)
            .unwrap_or_else(|| panic!("{path} has a section"));
        let view = marked
            .iter()
            .find(|d| d.n == doc.n)
            .unwrap_or_else(|| panic!("{path} has a section"));
        for (k, d) in f["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .enumerate()
        {
            let id = format!("f{}-{k}", doc.n);
            let offset = d["offset"].as_u64().expect("offset") as usize;
            let length = d["length"].as_u64().expect("length") as usize;
            let expected = doc.text.get(offset..offset + length).unwrap_or_else(|| {
                panic!("{path}: {id} at {offset}+{length} is inside the text shown")
            });
            if length == 0 {
                assert!(
                    view.points.contains(&id),
                    "{path}: {id} ({}) has a point mark",
                    d["rule"]
                );
            } else {
                assert_eq!(
                    view.marked.get(&id).map(|t| t.replace('\r', "")),
                    Some(expected.replace('\r', "")),
                    "{path}: {id} {} highlights its span",
                    d["rule"]
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "the report has findings to check");
}

/// The page's structure: its sections, the matrix's shape, and per document its type, findings
/// and marks — what a reader sees, not the bytes.
fn structure(page: &str, json: &Value) -> String {
    let mut s = String::new();
    for h2 in page.match_indices("<h2>") {
        s.push_str(&format!("h2 {}\n", between(page, h2.0 + 4, "</h2>")));
    }
    let matrix = between(
        page,
        page.find("id=\"matrix\"").expect("matrix"),
        "</table>",
    );
    s.push_str(&format!(
        "matrix: {} columns, {} rows\n",
        matrix.matches("data-standard=").count(),
        matrix.matches("<tr data-doc=").count()
    ));
    // The column heads as a reader sees them: short names, never raw rule ids.
    let heads: Vec<&str> = matrix
        .match_indices("data-standard=")
        .map(|(at, _)| {
            between(
                matrix,
                matrix[at..].find('>').map_or(at, |i| at + i + 1),
                "</th>",
            )
        })
        .collect();
    s.push_str(&format!("columns: {}\n", heads.join(" | ")));
    s.push_str(&format!("quadrant marks: {}\n", quadrant_marks(page).len()));
    for doc in documents(page) {
        let file = json["files"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["path"] == doc.path.as_str()))
            .expect("in JSON");
        s.push_str(&format!(
            "doc {} {}: {} findings, {} highlighted\n",
            doc.path,
            file["service_type"].as_str().unwrap_or("-"),
            file["diagnostics"].as_array().map_or(0, Vec::len),
            doc.marked.len()
        ));
    }
    s.push_str(&format!("scripts: {}\n", page.matches("<script").count()));
    s
}

#[test]
fn the_examples_report_is_complete_and_renders() {
    let html = String::from_utf8(check(root(), "html", &["examples/"])).expect("utf-8");
    let json: Value = serde_json::from_slice(&check(root(), "json", &["examples/"])).expect("json");
    // Self-contained: nothing is fetched.
    for needle in ["src=\"http", "href=\"http", "@import", "url(http", "<link"] {
        assert!(!html.contains(needle), "{needle}");
    }
    assert_findings_highlighted(&html, &documents(&html), &json);
    let typed: Vec<&str> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| !f["service_type"].is_null())
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    let mut marks = quadrant_marks(&html);
    marks.sort();
    let mut want: Vec<String> = typed.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(marks, want, "one quadrant mark per typed document");

    // The structure, as a snapshot.
    let actual = structure(&html, &json);
    let snap = root().join("tests/snapshots/examples.html-structure");
    if std::env::var("SERVICELINT_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&snap, &actual).expect("write snapshot");
    } else {
        let expected = std::fs::read_to_string(&snap).unwrap_or_default();
        assert_eq!(
            expected, actual,
            "structure changed; bless with SERVICELINT_BLESS=1 after reading the diff"
        );
    }

    let dir = out_dir("html-examples");
    let page = dir.join("report.html");
    std::fs::write(&page, &html).expect("write page");
    let Some(bin) = chromium() else {
        eprintln!("SKIPPED browser checks: no chromium on PATH (.ci/run installs it)");
        return;
    };
    let dom = dump_dom(bin, &page);
    // What the browser built from the page holds the same highlights and marks.
    assert_findings_highlighted(&html, &documents_of(&dom, false), &json);
    let mut dom_marks = quadrant_marks(&dom);
    dom_marks.sort();
    assert_eq!(dom_marks, want, "the browser's quadrant");
    assert_eq!(documents_of(&dom, false).len(), documents(&html).len());
    let shot = dir.join("report.png");
    let _ = std::fs::remove_file(&shot);
    let out = browser(
        bin,
        &[
            "--window-size=1280,2400",
            &format!("--screenshot={}", shot.display()),
        ],
        &page,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{}",
        shot.display()
    );
    eprintln!("screenshot: {}", shot.display());
}

/// A hostile document: markup, `</script>`, `</pre>`, a comment opener, a very long line and
/// 10 000 findings; and a hostile file name.
#[test]
fn a_hostile_document_renders_as_text_within_the_bound() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut text = String::from(
        "客服：<script>alert('x')</script> </script> </pre> <!-- <img src=x onerror=alert(1)> &amp; {{ t.title }} {% raw %}\n",
    );
    text.push_str("客服：");
    text.push_str(&"很长的一行".repeat(40_000));
    text.push('\n');
    for _ in 0..10_000 {
        text.push_str("客服：我不知道。\n");
    }
    let name = "a<b>&\"x\".md";
    std::fs::write(dir.path().join(name), &text).expect("write");
    let json: Value = serde_json::from_slice(&check(dir.path(), "json", &[name])).expect("json");
    let findings = json["files"][0]["diagnostics"]
        .as_array()
        .map_or(0, Vec::len);
    assert!(findings >= 10_000, "{findings} findings");
    let html = String::from_utf8(check(dir.path(), "html", &[name])).expect("utf-8");
    // The documented bound (docs/report.md, report::html::size_bound).
    let bound = 64 * 1024 + 6 * text.len() + 2048 * findings + 4096;
    assert!(html.len() <= bound, "{} bytes > bound {bound}", html.len());
    // Only the page's own script; the document's markup is text.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(!html.contains("<img"));
    assert!(!html.contains("<b>&"));
    assert!(html.contains("&lt;script&gt;alert("));
    let docs = documents(&html);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].path, name);
    assert!(
        docs[0]
            .text
            .starts_with("客服：<script>alert('x')</script> </script> </pre>")
    );
    assert_eq!(docs[0].marked.len() + docs[0].points.len(), findings);

    let Some(bin) = chromium() else {
        eprintln!("SKIPPED browser checks: no chromium on PATH (.ci/run installs it)");
        return;
    };
    let out = out_dir("html-hostile");
    let page = out.join("hostile.html");
    std::fs::write(&page, &html).expect("write page");
    let dom = dump_dom(bin, &page);
    assert_eq!(
        dom.matches("<script").count(),
        1,
        "no script of the document's runs"
    );
    assert!(!dom.contains("<img"));
    let docs = documents_of(&dom, false);
    assert_eq!(docs.len(), 1);
    assert!(docs[0].text.contains("<script>alert('x')</script>"));
    assert_eq!(docs[0].marked.len() + docs[0].points.len(), findings);
}
