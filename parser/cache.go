package parser

import (
	"container/list"
	"sync"
)

// cacheSize bounds the parse cache; IPC clients tend to repeat a handful of queries.
const cacheSize = 256

// parseCache is a small LRU of parse results keyed by source text.
type parseCache struct {
	mu    sync.Mutex
	order *list.List // front is most recent; values are *cacheEntry
	byKey map[string]*list.Element
}

type cacheEntry struct {
	src   string
	nodes []Node
	err   error
}

var cache = &parseCache{order: list.New(), byKey: map[string]*list.Element{}}

// ParseCached is Parse through a small LRU keyed by the source text, for inputs that
// arrive repeatedly (IPC queries like "1+1"). It is safe for concurrent use. The
// returned nodes are shared between callers and must not be modified.
func ParseCached(src string) ([]Node, error) {
	c := cache
	c.mu.Lock()
	if e, ok := c.byKey[src]; ok {
		c.order.MoveToFront(e)
		ce := e.Value.(*cacheEntry)
		c.mu.Unlock()
		return ce.nodes, ce.err
	}
	c.mu.Unlock()
	nodes, err := Parse(src)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[src]; !ok {
		c.byKey[src] = c.order.PushFront(&cacheEntry{src: src, nodes: nodes, err: err})
		for c.order.Len() > cacheSize {
			old := c.order.Back()
			c.order.Remove(old)
			delete(c.byKey, old.Value.(*cacheEntry).src)
		}
	}
	return nodes, err
}
