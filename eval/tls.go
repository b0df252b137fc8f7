package eval

import "github.com/gq-dev/gq/eval/value"

// TLSNet is what .z.e, -26! and \E need from the network (docs/kb/ssl.md); *ipc.Manager
// has it. A Net without it has no TLS.
type TLSNet interface {
	// TLSMode is -E: 0 plain, 1 plain and TLS, 2 TLS only.
	TLSMode() int
	// TLSSettings is (-26!)[]: the SSL_* settings of the process.
	TLSSettings() value.Value
	// TLSInfo is .z.e of handle h: CIPHER, PROTOCOL (and CERT) of a TLS connection,
	// the empty dictionary of a plain one.
	TLSInfo(h int32) (value.Value, error)
}

func (ip *Interp) tlsNet() TLSNet {
	t, _ := ip.Net.(TLSNet)
	return t
}

// emptyZE is .z.e outside a TLS connection: an empty dictionary.
func emptyZE() value.Value {
	return &value.Dict{K: value.Syms(nil), V: &value.List{Items: []value.Value{}}}
}

// zE is .z.e: the TLS details of the handle being served (docs/ref/dotz.md#ze-tls-connection-status).
func (ip *Interp) zE() value.Value {
	t := ip.tlsNet()
	if t == nil || ip.ZW <= 0 {
		return emptyZE()
	}
	v, err := t.TLSInfo(ip.ZW)
	if err != nil {
		return emptyZE() // the handle has gone
	}
	return v
}

// sslKw is -26!x: the TLS settings of the process for -26!() or (-26!)[], or of a
// connection for -26!handle (docs/basics/internal.md#-26x-ssl). Without a network
// layer TLS cannot start, which kdb+ reports as 'Could not initialize ssl.
func sslKw(ip *Interp, x value.Value) value.Value {
	t := ip.tlsNet()
	if t == nil {
		signal("Could not initialize ssl")
	}
	h, ok := handleNum(x)
	if !ok {
		return t.TLSSettings()
	}
	v, err := t.TLSInfo(int32(h))
	if err != nil {
		panic(asQError(err))
	}
	return v
}

// tlsMode is \E: the -E mode as an int (docs/basics/syscmds.md#e-tls-server-mode).
func (ip *Interp) tlsMode() value.Value {
	if t := ip.tlsNet(); t != nil {
		return value.Int(int32(t.TLSMode()))
	}
	return value.Int(0)
}
