// The C++ scaffold's runtime sources, embedded verbatim (built and invoked by test/unit/scaffold/compiled.test.ts):
// C++17 and libcurl, nothing else.

/** main.cpp: the event loop over libcurl, error reporting and the handler lookup. */
export const CPP_MAIN = `// The bootstrap: a Lambda custom runtime in C++17 with libcurl as its only library. It speaks the Runtime API
// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) itself, which aws-lambda-cpp would otherwise
// do: fetch the next event, call the handler, post its result or its error, forever.
#include <curl/curl.h>
#include <cxxabi.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <typeinfo>

#include "json.hpp"
#include "runtime.hpp"

std::int64_t lambda::Context::remaining_ms() const {
  using namespace std::chrono;
  return deadline_ms - duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {

struct Reply {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case

  std::string header(const std::string& name) const {
    auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
  }
};

size_t on_body(char* data, size_t size, size_t count, void* reply) {
  static_cast<Reply*>(reply)->body.append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* reply) {
  std::string line(data, size * count);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto start = line.find_first_not_of(" \\t", colon + 1);
    auto end = line.find_last_not_of(" \\t\\r\\n");
    static_cast<Reply*>(reply)->headers[name] =
        start == std::string::npos || end < start ? std::string() : line.substr(start, end - start + 1);
  }
  return size * count;
}

// One curl handle for the runtime's life, so the connection to the Runtime API is kept alive.
class RuntimeApi {
 public:
  explicit RuntimeApi(const std::string& host)
      : base_("http://" + host + "/2018-06-01/runtime"), curl_(curl_easy_init(), curl_easy_cleanup) {}

  Reply get(const std::string& path) { return perform(path, nullptr, "", ""); }

  // Posts JSON; \`error_type\` and \`invocation_id\`, when not empty, go in their headers.
  Reply post(const std::string& path, const std::string& body, const std::string& error_type,
             const std::string& invocation_id = "") {
    return perform(path, &body, error_type, invocation_id);
  }

 private:
  std::string base_;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl_;

  Reply perform(const std::string& path, const std::string* body, const std::string& error_type,
                const std::string& invocation_id) {
    CURL* curl = curl_.get();
    Reply reply;
    curl_easy_reset(curl);  // keeps the open connection
    std::string url = base_ + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    // The Runtime API is local: an http_proxy the function sets for its own calls must not reroute it.
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
    // No timeout: /invocation/next answers only when there is an event, which may take hours.
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 0L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply);
    curl_slist* headers = nullptr;
    std::string type_header = "Lambda-Runtime-Function-Error-Type: " + error_type;
    std::string id_header = "Lambda-Runtime-Invocation-Id: " + invocation_id;
    if (body != nullptr) {
      curl_easy_setopt(curl, CURLOPT_POST, 1L);
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
      headers = curl_slist_append(headers, "Content-Type: application/json");
      headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip for large bodies
      if (!error_type.empty()) headers = curl_slist_append(headers, type_header.c_str());
      if (!invocation_id.empty()) headers = curl_slist_append(headers, id_header.c_str());
      curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    }
    CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (code != CURLE_OK) {
      // The Runtime API is gone or broken: Lambda starts a fresh runtime after this one exits.
      std::cerr << "runtime API: " << path << ": " << curl_easy_strerror(code) << std::endl;
      std::exit(1);
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
    if (reply.status >= 500) {
      std::cerr << "runtime API: " << path << ": " << reply.status << " " << reply.body << std::endl;
      std::exit(1);
    }
    if (body != nullptr && reply.status != 202) {
      // 400/413: Lambda refused this response (too large, invocation over) and reports the failure itself.
      std::cerr << "POST " << path << ": " << reply.status << " " << reply.body << std::endl;
    }
    return reply;
  }
};

// An exception's C++ type, readable: std::out_of_range rather than St12out_of_range.
std::string type_name(const std::type_info& type) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> name(abi::__cxa_demangle(type.name(), nullptr, nullptr, &status),
                                                   std::free);
  return status == 0 && name ? name.get() : type.name();
}

// Posts an error JSON to /init/error or /invocation/{id}/error, with its type in the header too.
void report(RuntimeApi& api, const std::string& path, const std::string& type, const std::string& message,
            const std::string& invocation_id = "") {
  std::cerr << type << ": " << message << std::endl;
  api.post(path, "{\\"errorMessage\\":" + json::quote(message) + ",\\"errorType\\":" + json::quote(type) + "}", type,
           invocation_id);
}

// Waits for one event, runs the handler on it and posts the outcome.
void serve_next(RuntimeApi& api, lambda::Handler handler) {
  Reply next = api.get("/invocation/next");
  if (next.status != 200) {
    std::cerr << "runtime API: /invocation/next: " << next.status << " " << next.body << std::endl;
    std::exit(1);
  }
  lambda::Context context;
  context.request_id = next.header("lambda-runtime-aws-request-id");
  context.invoked_function_arn = next.header("lambda-runtime-invoked-function-arn");
  context.trace_id = next.header("lambda-runtime-trace-id");
  context.client_context = next.header("lambda-runtime-client-context");
  context.cognito_identity = next.header("lambda-runtime-cognito-identity");
  context.deadline_ms = std::strtoll(next.header("lambda-runtime-deadline-ms").c_str(), nullptr, 10);
  // X-Ray SDKs read the trace header from the environment; each invocation has its own.
  if (context.trace_id.empty()) {
    unsetenv("_X_AMZN_TRACE_ID");
  } else {
    setenv("_X_AMZN_TRACE_ID", context.trace_id.c_str(), 1);
  }
  // Lambda-Runtime-Invocation-Id names this attempt: echoed back, so Lambda refuses (410) a late answer.
  const std::string id = next.header("lambda-runtime-invocation-id");
  const std::string path = "/invocation/" + context.request_id;
  std::string response;
  try {
    response = handler(context, next.body);
  } catch (const lambda::Error& error) {
    return report(api, path + "/error", error.type(), error.what(), id);
  } catch (const std::exception& error) {
    return report(api, path + "/error", type_name(typeid(error)), error.what(), id);
  } catch (...) {
    return report(api, path + "/error", "Runtime.UnknownException", "the handler threw something not derived from std::exception", id);
  }
  api.post(path + "/response", response, "", id);
}

}  // namespace

int main() {
  const char* host = std::getenv("AWS_LAMBDA_RUNTIME_API");
  if (host == nullptr) {
    std::cerr << "AWS_LAMBDA_RUNTIME_API is not set: this program runs inside Lambda or an emulator" << std::endl;
    return 1;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  RuntimeApi api(host);
  const char* name = std::getenv("_HANDLER");
  auto found = lambda::handlers.find(name ? name : "");
  if (found == lambda::handlers.end()) {
    std::string known;
    for (const auto& entry : lambda::handlers) known += (known.empty() ? "" : ", ") + entry.first;
    report(api, "/init/error", "Runtime.HandlerNotFound",
           "handler " + json::quote(name ? name : "") + " is not defined in handler.cpp (defined: " + known + ")");
    return 1;
  }
  for (;;) serve_next(api, found->second);
}
`;

/** runtime.hpp: Context, Error and the handler table shared by main.cpp and handler.cpp. */
export const CPP_RUNTIME_HPP = `// What the runtime (main.cpp) and the function's code (handler.cpp) share.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

namespace lambda {

// What the handler learns about its invocation besides the event.
struct Context {
  std::string request_id;
  std::string invoked_function_arn;
  std::string trace_id;
  std::string client_context;
  std::string cognito_identity;
  // Milliseconds since the Unix epoch when Lambda stops the invocation.
  std::int64_t deadline_ms = 0;

  // How long the invocation may still run.
  std::int64_t remaining_ms() const;
};

// Thrown by a handler; the caller receives {"errorMessage": what(), "errorType": type()}. Other exceptions
// are reported with their C++ type name as errorType.
class Error : public std::runtime_error {
 public:
  Error(std::string type, const std::string& message) : std::runtime_error(message), type_(std::move(type)) {}
  const std::string& type() const { return type_; }

 private:
  std::string type_;
};

// A handler gets the event's JSON text and returns the response's JSON text.
using Handler = std::string (*)(const Context& context, const std::string& event);

// Defined in handler.cpp: the names _HANDLER may give. An unknown name fails the runtime's init.
extern const std::map<std::string, Handler> handlers;

}  // namespace lambda
`;

/** handler.cpp: the handler table and the sample handler. */
export const CPP_HANDLER = `// The function's code. _HANDLER (the template's Handler, the image's CMD) picks an entry of \`handlers\`.
#include <cstdlib>
#include <iostream>

#include "json.hpp"
#include "runtime.hpp"

namespace {

// Greets event.name.
std::string hello(const lambda::Context& context, const std::string& event) {
  const char* trace = std::getenv("_X_AMZN_TRACE_ID");
  std::cout << "request " << context.request_id << ", trace " << (trace ? trace : "") << std::endl;
  std::optional<std::string> name;
  try {
    name = json::string_field(event, "name");
  } catch (const json::ParseError&) {
  }
  if (!name) throw lambda::Error("InvalidEvent", "event.name must be a string");
  return "{\\"message\\":" + json::quote("Hello, " + *name + "!") + ",\\"requestId\\":" + json::quote(context.request_id) +
         ",\\"remainingMs\\":" + std::to_string(context.remaining_ms()) + "}";
}

}  // namespace

const std::map<std::string, lambda::Handler> lambda::handlers = {
    {"hello", hello},
};
`;
