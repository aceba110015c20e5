// The Go scaffold's sources, embedded verbatim (they are built and invoked by test/unit/scaffold/compiled.test.ts).
// main.go is the runtime (net/http, encoding/json only); handler.go is the user's function.

/** main.go: the event loop, error reporting and the handler lookup. */
export const GO_MAIN = `// The bootstrap: a Lambda custom runtime written with Go's standard library only. It speaks the Runtime API
// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) itself, which aws-lambda-go would otherwise
// do behind lambda.Start: fetch the next event, call the handler, post its result or its error, forever.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Context is what the handler learns about its invocation besides the event.
type Context struct {
	RequestID          string
	InvokedFunctionArn string
	Deadline           time.Time
	TraceID            string
	ClientContext      string
	CognitoIdentity    string
}

// RemainingMs is how long the invocation may still run before Lambda stops it.
func (c *Context) RemainingMs() int64 { return time.Until(c.Deadline).Milliseconds() }

// Handler answers one event: its result is sent as JSON, its error as Lambda's error JSON.
type Handler func(ctx *Context, event []byte) (interface{}, error)

type errorResponse struct {
	ErrorMessage string   \`json:"errorMessage"\`
	ErrorType    string   \`json:"errorType"\`
	StackTrace   []string \`json:"stackTrace,omitempty"\`
}

type runtimeAPI struct {
	base    string
	client  *http.Client
	workers int
}

func main() {
	// Lambda Managed Instances sets AWS_LAMBDA_MAX_CONCURRENCY: that many workers, each looping on /next.
	workers, err := strconv.Atoi(os.Getenv("AWS_LAMBDA_MAX_CONCURRENCY"))
	if err != nil || workers < 1 {
		workers = 1
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = workers // one kept-open connection per worker
	api := &runtimeAPI{
		base: "http://" + os.Getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime",
		// No timeout: /invocation/next answers only when there is an event, which may take hours.
		client:  &http.Client{Transport: transport},
		workers: workers,
	}
	name := os.Getenv("_HANDLER")
	handler, ok := handlers[name]
	if !ok {
		failure := &errorResponse{
			ErrorMessage: fmt.Sprintf("handler %q is not defined in handler.go (defined: %s)", name, strings.Join(handlerNames(), ", ")),
			ErrorType:    "Runtime.HandlerNotFound",
		}
		fmt.Fprintf(os.Stderr, "%s: %s\\n", failure.ErrorType, failure.ErrorMessage)
		if err := api.post("/init/error", failure.ErrorType, "", mustJSON(failure)); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1)
	}
	for i := 1; i < workers; i++ {
		go api.work(handler)
	}
	api.work(handler)
}

// work is one worker: event after event, for as long as the environment lives.
func (api *runtimeAPI) work(handler Handler) {
	for {
		if err := api.serveNext(handler); err != nil {
			// The Runtime API is gone or broken: Lambda starts a fresh runtime after this one exits.
			fmt.Fprintln(os.Stderr, "runtime API:", err)
			os.Exit(1)
		}
	}
}

// serveNext waits for one event, runs the handler on it and posts the outcome.
func (api *runtimeAPI) serveNext(handler Handler) error {
	res, err := api.client.Get(api.base + "/invocation/next")
	if err != nil {
		return err
	}
	event, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /invocation/next: %s: %s", res.Status, event)
	}
	deadline, _ := strconv.ParseInt(res.Header.Get("Lambda-Runtime-Deadline-Ms"), 10, 64)
	ctx := &Context{
		RequestID:          res.Header.Get("Lambda-Runtime-Aws-Request-Id"),
		InvokedFunctionArn: res.Header.Get("Lambda-Runtime-Invoked-Function-Arn"),
		Deadline:           time.UnixMilli(deadline),
		TraceID:            res.Header.Get("Lambda-Runtime-Trace-Id"),
		ClientContext:      res.Header.Get("Lambda-Runtime-Client-Context"),
		CognitoIdentity:    res.Header.Get("Lambda-Runtime-Cognito-Identity"),
	}
	// X-Ray SDKs read the trace header from the environment; each invocation has its own. With several workers
	// the environment is shared, so the trace id is only in the Context.
	if api.workers == 1 && ctx.TraceID != "" {
		os.Setenv("_X_AMZN_TRACE_ID", ctx.TraceID)
	} else if api.workers == 1 {
		os.Unsetenv("_X_AMZN_TRACE_ID")
	}
	// Lambda-Runtime-Invocation-Id names this attempt: echoed back, so Lambda refuses (410) a late answer.
	invocationID := res.Header.Get("Lambda-Runtime-Invocation-Id")
	response, failure := invoke(handler, ctx, event)
	path := "/invocation/" + ctx.RequestID
	if failure != nil {
		fmt.Fprintf(os.Stderr, "%s: %s\\n", failure.ErrorType, failure.ErrorMessage)
		return api.post(path+"/error", failure.ErrorType, invocationID, mustJSON(failure))
	}
	return api.post(path+"/response", "", invocationID, response)
}

// invoke calls the handler and turns its result, error or panic into the body to post.
func invoke(handler Handler, ctx *Context, event []byte) (response []byte, failure *errorResponse) {
	defer func() {
		if p := recover(); p != nil {
			failure = &errorResponse{ErrorMessage: fmt.Sprint(p), ErrorType: "Runtime.Panic"}
			if err, ok := p.(error); ok {
				failure.ErrorType = errorType(err)
			}
			failure.StackTrace = strings.Split(strings.TrimSpace(string(debug.Stack())), "\\n")
		}
	}()
	result, err := handler(ctx, event)
	if err != nil {
		return nil, &errorResponse{ErrorMessage: err.Error(), ErrorType: errorType(err)}
	}
	var buffer bytes.Buffer
	encoder := json.NewEncoder(&buffer)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(result); err != nil {
		return nil, &errorResponse{ErrorMessage: "the handler's result is not JSON: " + err.Error(), ErrorType: "Runtime.MarshalError"}
	}
	return bytes.TrimRight(buffer.Bytes(), "\\n"), nil
}

// post sends a body to the Runtime API; errorType and invocationID, when set, go in their headers.
func (api *runtimeAPI) post(path, errorType, invocationID string, body []byte) error {
	req, err := http.NewRequest(http.MethodPost, api.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if errorType != "" {
		req.Header.Set("Lambda-Runtime-Function-Error-Type", errorType)
	}
	if invocationID != "" {
		req.Header.Set("Lambda-Runtime-Invocation-Id", invocationID)
	}
	res, err := api.client.Do(req)
	if err != nil {
		return err
	}
	answer, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode >= 500 {
		return fmt.Errorf("POST %s: %s: %s", path, res.Status, answer)
	}
	if res.StatusCode != http.StatusAccepted {
		// 400/413: Lambda refused this response (too large, invocation over) and reports the failure itself.
		fmt.Fprintf(os.Stderr, "POST %s: %s: %s\\n", path, res.Status, answer)
	}
	return nil
}

// errorType names an error after its Go type, as aws-lambda-go does: *InvalidEvent is "InvalidEvent".
func errorType(err error) string {
	t := reflect.TypeOf(err)
	for t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	if t.Name() == "" {
		return "Error"
	}
	return t.Name()
}

func mustJSON(value interface{}) []byte {
	data, err := json.Marshal(value)
	if err != nil {
		panic(err)
	}
	return data
}

func handlerNames() []string {
	names := make([]string, 0, len(handlers))
	for name := range handlers {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
`;

/** handler.go: the handler table and the sample handler. */
export const GO_HANDLER = `// The function's code. _HANDLER (the template's Handler, the image's CMD) picks an entry of handlers.
package main

import (
	"encoding/json"
	"fmt"
)

// handlers maps the names _HANDLER may give to functions; an unknown name fails the runtime's init.
var handlers = map[string]Handler{
	"hello": Hello,
}

// InvalidEvent reaches the caller as errorType "InvalidEvent" (the runtime names errors after their type).
type InvalidEvent struct{ Message string }

func (e *InvalidEvent) Error() string { return e.Message }

type helloResponse struct {
	Message     string \`json:"message"\`
	RequestID   string \`json:"requestId"\`
	RemainingMs int64  \`json:"remainingMs"\`
}

// Hello greets event.name.
func Hello(ctx *Context, event []byte) (interface{}, error) {
	fmt.Printf("request %s, trace %s\\n", ctx.RequestID, ctx.TraceID)
	var fields map[string]interface{}
	name, ok := "", false
	if json.Unmarshal(event, &fields) == nil {
		name, ok = fields["name"].(string)
	}
	if !ok {
		return nil, &InvalidEvent{Message: "event.name must be a string"}
	}
	return helloResponse{
		Message:     "Hello, " + name + "!",
		RequestID:   ctx.RequestID,
		RemainingMs: ctx.RemainingMs(),
	}, nil
}
`;
