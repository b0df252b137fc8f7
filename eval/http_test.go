package eval

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// The Dispatcher's HTTP side answers whatever it is handed without a panic escaping:
// a malformed argument, a handler that fails or returns no string, a .z.ac that
// returns junk (refused, as a login .z.pw refuses).
func TestHTTPDispatcherOddInput(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	arg := &value.List{Items: []value.Value{value.Str("?1+1"), &value.Dict{K: value.Syms(nil), V: &value.List{}}}}
	for _, c := range []struct {
		setup, method string
		x             value.Value
		want          string
	}{
		{"", "GET", arg, "HTTP/1.1 200 OK\r\n"},
		{"", "GET", value.Long(1), "HTTP/1.1 400 Bad Request\r\n"},
		{".z.pm:{x}", "PUT", value.Long(1), "HTTP/1.1 400 Bad Request\r\n"},
		{".z.pm:{\"ok\"}", "PUT", arg, "ok"},
		{".z.pp:{1 2}", "POST", arg, "HTTP/1.1 400 Bad Request\r\n"},
		{".z.pp:{'`boom}", "POST", arg, "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: 5\r\n\r\n'boom"},
	} {
		if c.setup != "" {
			if _, err := ip.Exec(c.setup); err != nil {
				t.Fatal(err)
			}
		}
		if got := string(ip.HTTP(0, c.method, c.x)); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s %s %v: %q, want %q...", c.setup, c.method, c.x, got, c.want)
		}
	}
	for _, c := range []struct {
		ac   string
		ok   bool
		who  string
		resp string
	}{
		{"{(1;\"ann\")}", true, "ann", ""},
		{"{(1;`bob)}", true, "bob", ""},
		{"{(0;\"\")}", false, "", "HTTP/1.1 401 Unauthorized\r\n"},
		{"{(2;\"HTTP/1.1 403\\r\\n\\r\\n\")}", false, "", "HTTP/1.1 403\r\n\r\n"},
		{"{(4;\"\")}", true, "u", ""}, // Basic: fileOK, no .z.pw
		{"{42}", false, "", "HTTP/1.1 401 Unauthorized\r\n"},
		{"{'oops}", false, "", "HTTP/1.1 401 Unauthorized\r\n"},
		{"{(7;\"\")}", false, "", "HTTP/1.1 401 Unauthorized\r\n"},
	} {
		if _, err := ip.Exec(".z.ac:" + c.ac); err != nil {
			t.Fatal(err)
		}
		who, resp, ok := ip.HTTPAuth(0, arg, "u", "p", true)
		if ok != c.ok || who != c.who || !strings.HasPrefix(string(resp), c.resp) {
			t.Errorf(".z.ac:%s: %v %q %q", c.ac, ok, who, resp)
		}
	}
}
