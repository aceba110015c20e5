// The Rust scaffold's runtime sources, embedded verbatim (built and invoked by test/unit/scaffold/compiled.test.ts):
// std only, so `cargo build --offline` works with an empty registry.

/** src/main.rs: the event loop, error reporting and the handler lookup. */
export const RUST_MAIN = `//! The bootstrap: a Lambda custom runtime written with Rust's standard library only. It speaks the Runtime API
//! (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) itself, which the lambda_runtime crate would
//! otherwise do: fetch the next event, call the handler, post its result or its error, forever.

mod handler;
mod http;
mod json;

use std::panic;
use std::process;
use std::time::{SystemTime, UNIX_EPOCH};

/// What the handler learns about its invocation besides the event.
pub struct Context {
    pub request_id: String,
    pub invoked_function_arn: String,
    /// Milliseconds since the Unix epoch when Lambda stops the invocation.
    pub deadline_ms: u64,
    pub trace_id: String,
    pub client_context: Option<String>,
    pub cognito_identity: Option<String>,
}

impl Context {
    /// How long the invocation may still run.
    pub fn remaining_ms(&self) -> i64 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        self.deadline_ms as i64 - now
    }
}

/// An error the caller receives as {"errorMessage", "errorType"}.
#[derive(Debug)]
pub struct HandlerError {
    pub error_type: String,
    pub message: String,
}

impl HandlerError {
    pub fn new(error_type: &str, message: &str) -> Self {
        HandlerError {
            error_type: error_type.to_string(),
            message: message.to_string(),
        }
    }
}

/// A handler gets the event's JSON text and returns the response's JSON text.
pub type Handler = fn(&Context, &str) -> Result<String, HandlerError>;

const API_PREFIX: &str = "/2018-06-01/runtime";

fn main() {
    let api = std::env::var("AWS_LAMBDA_RUNTIME_API").unwrap_or_else(|_| {
        eprintln!(
            "AWS_LAMBDA_RUNTIME_API is not set: this program runs inside Lambda or an emulator"
        );
        process::exit(1)
    });
    let name = std::env::var("_HANDLER").unwrap_or_default();
    let handler = match handler::HANDLERS.iter().find(|(known, _)| *known == name) {
        Some((_, handler)) => *handler,
        None => {
            let known: Vec<&str> = handler::HANDLERS.iter().map(|(known, _)| *known).collect();
            let failure = HandlerError::new(
                "Runtime.HandlerNotFound",
                &format!(
                    "handler {} is not defined in src/handler.rs (defined: {})",
                    json::quote(&name),
                    known.join(", ")
                ),
            );
            report(&api, "/init/error", None, &failure);
            process::exit(1);
        }
    };
    // Lambda Managed Instances sets AWS_LAMBDA_MAX_CONCURRENCY: that many workers (threads), each looping on /next.
    let workers = std::env::var("AWS_LAMBDA_MAX_CONCURRENCY")
        .ok()
        .and_then(|count| count.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    for _ in 1..workers {
        let api = api.clone();
        std::thread::spawn(move || work(&api, handler, workers));
    }
    work(&api, handler, workers);
}

/// One worker: event after event, for as long as the environment lives.
fn work(api: &str, handler: Handler, workers: usize) {
    loop {
        if let Err(error) = serve_next(api, handler, workers) {
            // The Runtime API is gone or broken: Lambda starts a fresh runtime after this one exits.
            eprintln!("runtime API: {error}");
            process::exit(1);
        }
    }
}

/// Waits for one event, runs the handler on it and posts the outcome.
fn serve_next(api: &str, handler: Handler, workers: usize) -> std::io::Result<()> {
    let next = http::request(
        api,
        "GET",
        &format!("{API_PREFIX}/invocation/next"),
        &[],
        b"",
    )?;
    if next.status != 200 {
        let body = String::from_utf8_lossy(&next.body);
        return Err(std::io::Error::other(format!(
            "/invocation/next: {} {body}",
            next.status
        )));
    }
    let header = |name: &str| next.header(name).map(str::to_string);
    let ctx = Context {
        request_id: header("Lambda-Runtime-Aws-Request-Id").unwrap_or_default(),
        invoked_function_arn: header("Lambda-Runtime-Invoked-Function-Arn").unwrap_or_default(),
        deadline_ms: header("Lambda-Runtime-Deadline-Ms")
            .and_then(|ms| ms.parse().ok())
            .unwrap_or(0),
        trace_id: header("Lambda-Runtime-Trace-Id").unwrap_or_default(),
        client_context: header("Lambda-Runtime-Client-Context"),
        cognito_identity: header("Lambda-Runtime-Cognito-Identity"),
    };
    // X-Ray SDKs read the trace header from the environment; each invocation has its own. With several workers
    // the environment is shared, so the trace id is only in the Context.
    if workers == 1 && ctx.trace_id.is_empty() {
        std::env::remove_var("_X_AMZN_TRACE_ID");
    } else if workers == 1 {
        std::env::set_var("_X_AMZN_TRACE_ID", &ctx.trace_id);
    }
    // Lambda-Runtime-Invocation-Id names this attempt: echoed back, so Lambda refuses (410) a late answer.
    let invocation_id = header("Lambda-Runtime-Invocation-Id");
    let echo = invocation_id.as_deref();
    let event = String::from_utf8_lossy(&next.body);
    let outcome = panic::catch_unwind(|| handler(&ctx, &event)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|text| text.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the handler panicked".to_string());
        Err(HandlerError::new("Runtime.Panic", &message))
    });
    let path = format!("/invocation/{}", ctx.request_id);
    match outcome {
        Ok(response) => post(api, &format!("{path}/response"), None, echo, response.as_bytes()),
        Err(failure) => {
            report(api, &format!("{path}/error"), echo, &failure);
            Ok(())
        }
    }
}

/// Posts an error JSON to /init/error or /invocation/{id}/error, with its type in the header too.
fn report(api: &str, path: &str, invocation_id: Option<&str>, failure: &HandlerError) {
    eprintln!("{}: {}", failure.error_type, failure.message);
    let body = format!(
        "{{\\"errorMessage\\":{},\\"errorType\\":{}}}",
        json::quote(&failure.message),
        json::quote(&failure.error_type)
    );
    if let Err(error) = post(api, path, Some(&failure.error_type), invocation_id, body.as_bytes()) {
        eprintln!("runtime API: {error}");
    }
}

fn post(
    api: &str,
    path: &str,
    error_type: Option<&str>,
    invocation_id: Option<&str>,
    body: &[u8],
) -> std::io::Result<()> {
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(error_type) = error_type {
        headers.push(("Lambda-Runtime-Function-Error-Type", error_type));
    }
    if let Some(invocation_id) = invocation_id {
        headers.push(("Lambda-Runtime-Invocation-Id", invocation_id));
    }
    let answer = http::request(api, "POST", &format!("{API_PREFIX}{path}"), &headers, body)?;
    let text = String::from_utf8_lossy(&answer.body);
    if answer.status >= 500 {
        return Err(std::io::Error::other(format!(
            "POST {path}: {} {text}",
            answer.status
        )));
    }
    if answer.status != 202 {
        // 400/413: Lambda refused this response (too large, invocation over) and reports the failure itself.
        eprintln!("POST {path}: {} {text}", answer.status);
    }
    Ok(())
}
`;

/** src/http.rs: a small HTTP/1.1 client over std::net::TcpStream. */
export const RUST_HTTP = `//! A small HTTP/1.1 client over std::net::TcpStream: one request per connection, enough for the Runtime API.

use std::io::{self, BufRead, BufReader, Write};
use std::net::TcpStream;

pub struct Response {
    pub status: u16,
    headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called \`name\` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_string())
}

/// Sends one request to \`host\` (\`host:port\`) and reads the whole answer.
pub fn request(
    host: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> io::Result<Response> {
    let mut stream = TcpStream::connect(host)?;
    let mut head = format!("{method} {path} HTTP/1.1\\r\\nHost: {host}\\r\\nConnection: close\\r\\n");
    if method != "GET" {
        head.push_str(&format!("Content-Length: {}\\r\\n", body.len()));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\\r\\n"));
    }
    head.push_str("\\r\\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()?;
    read_response(BufReader::new(stream))
}

fn read_line(reader: &mut impl BufRead) -> io::Result<String> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Err(invalid("connection closed in the middle of a response"));
    }
    Ok(line.trim_end_matches(['\\r', '\\n']).to_string())
}

fn read_response(mut reader: impl BufRead) -> io::Result<Response> {
    let status_line = read_line(&mut reader)?;
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| invalid("bad status line"))?;
    let mut headers = Vec::new();
    loop {
        let line = read_line(&mut reader)?;
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    let mut response = Response {
        status,
        headers,
        body: Vec::new(),
    };
    let chunked = response
        .header("Transfer-Encoding")
        .is_some_and(|value| value.to_ascii_lowercase().contains("chunked"));
    if chunked {
        loop {
            let size_line = read_line(&mut reader)?;
            let size = usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| invalid("bad chunk size"))?;
            if size == 0 {
                while !read_line(&mut reader)?.is_empty() {} // trailers
                break;
            }
            let start = response.body.len();
            response.body.resize(start + size, 0);
            reader.read_exact(&mut response.body[start..])?;
            read_line(&mut reader)?;
        }
    } else if let Some(length) = response.header("Content-Length") {
        let length: usize = length.parse().map_err(|_| invalid("bad Content-Length"))?;
        response.body.resize(length, 0);
        reader.read_exact(&mut response.body)?;
    } else {
        reader.read_to_end(&mut response.body)?;
    }
    Ok(response)
}
`;

/** src/handler.rs: the handler table and the sample handler. */
export const RUST_HANDLER = `//! The function's code. _HANDLER (the template's Handler, the image's CMD) picks an entry of HANDLERS.

use crate::json;
use crate::{Context, Handler, HandlerError};

/// The names _HANDLER may give; an unknown name fails the runtime's init.
pub const HANDLERS: &[(&str, Handler)] = &[("hello", hello)];

/// Greets event.name.
pub fn hello(ctx: &Context, event: &str) -> Result<String, HandlerError> {
    println!("request {}, trace {}", ctx.request_id, ctx.trace_id);
    let name = match json::string_field(event, "name") {
        Ok(Some(name)) => name,
        _ => {
            return Err(HandlerError::new(
                "InvalidEvent",
                "event.name must be a string",
            ))
        }
    };
    Ok(format!(
        "{{\\"message\\":{},\\"requestId\\":{},\\"remainingMs\\":{}}}",
        json::quote(&format!("Hello, {}!", name)),
        json::quote(&ctx.request_id),
        ctx.remaining_ms()
    ))
}
`;
