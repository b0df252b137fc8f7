package ipc

import (
	"net/http"
	"strings"
)

// isWebSocketUpgrade reports whether r asks to switch the connection to WebSocket
// (RFC 6455 §4.1: Upgrade: websocket, and Connection listing upgrade).
func isWebSocketUpgrade(r *http.Request) bool {
	if !strings.EqualFold(strings.TrimSpace(r.Header.Get("Upgrade")), "websocket") {
		return false
	}
	for _, v := range r.Header.Values("Connection") {
		for tok := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(tok), "upgrade") {
				return true
			}
		}
	}
	return false
}
